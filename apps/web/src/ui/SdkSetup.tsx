// How to send errors to Vigie from each SDK people use: a tab per SDK with the install command and the
// init call holding the real DSN, each ready to copy.

import { Tab, TabList, TabPanel, Tabs } from 'react-aria-components';
import '../styles/settings.css';
import { CopyButton } from './CopyButton.tsx';
import { sdkSnippets } from './sdk-snippets.ts';

export function SdkSetup({ dsn }: { dsn: string }) {
  const snippets = sdkSnippets(dsn);
  return (
    <Tabs className="sdk-setup" defaultSelectedKey="browser-npm">
      <TabList aria-label="SDK" className="sdk-tabs">
        {snippets.map((s) => (
          <Tab key={s.id} id={s.id} className="sdk-tab">
            {s.name}
          </Tab>
        ))}
      </TabList>
      {snippets.map((s) => (
        <TabPanel key={s.id} id={s.id} className="sdk-panel">
          <p className="muted small">
            <code>{s.sdk}</code>: {s.where}.
          </p>
          {s.install ? (
            <div className="snippet">
              <div className="snippet-head">
                <span className="small muted">Install ({s.install.label})</span>
                <CopyButton text={s.install.command} what={`the ${s.name} install command`} />
              </div>
              <pre className="code-block">
                <code>{s.install.command}</code>
              </pre>
            </div>
          ) : null}
          <div className="snippet">
            <div className="snippet-head">
              <span className="small muted">Initialize ({s.language})</span>
              <CopyButton text={s.code} what={`the ${s.name} snippet`} />
            </div>
            <pre className="code-block">
              <code>{s.code}</code>
            </pre>
          </div>
        </TabPanel>
      ))}
    </Tabs>
  );
}
