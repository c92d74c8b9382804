// What to paste to send a project's errors to Vigie with the official Sentry SDKs: the install command
// and the init call each SDK documents, with the project's real DSN in it. Sentry's "Loader Script"
// is not offered: it is served by sentry.io for sentry.io keys, and cannot point at a Vigie.

export type SdkId = 'browser-npm' | 'browser-cdn' | 'node' | 'python' | 'ruby' | 'php' | 'go' | 'java';

export interface SdkSnippet {
  id: SdkId;
  /** The tab's name. */
  name: string;
  /** The package, as its registry names it. */
  sdk: string;
  /** Where the init call goes, in a few words. */
  where: string;
  /** Adds the SDK to the application (null when a script tag does it). */
  install: { label: string; command: string } | null;
  code: string;
  /** The code's language, for the block's label. */
  language: string;
}

/** The Sentry JavaScript SDK release whose CDN bundle the script-tag snippet loads. */
export const BROWSER_CDN_VERSION = '11.12.0';

/** Quoted for the language's string literals; a DSN has no quotes, this guards against the odd one anyway. */
const quoted = (dsn: string) => JSON.stringify(dsn);
const singleQuoted = (dsn: string) => `'${dsn.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

export function sdkSnippets(dsn: string): SdkSnippet[] {
  const js = singleQuoted(dsn);
  const dq = quoted(dsn);
  return [
    {
      id: 'browser-npm',
      name: 'Browser (npm)',
      sdk: '@sentry/browser',
      where: 'first thing in your bundle’s entry file, before the rest of the app',
      install: { label: 'npm', command: 'npm install @sentry/browser' },
      language: 'JavaScript',
      code: `import * as Sentry from '@sentry/browser';

Sentry.init({
  dsn: ${js},
  // release: 'shop@1.4.2', environment: 'production',
});`,
    },
    {
      id: 'browser-cdn',
      name: 'Browser (script tag)',
      sdk: '@sentry/browser CDN bundle',
      where: 'in the page’s <head>, before your other scripts',
      install: null,
      language: 'HTML',
      code: `<script
  src="https://browser.sentry-cdn.com/${BROWSER_CDN_VERSION}/bundle.min.js"
  crossorigin="anonymous"
></script>
<script>
  Sentry.init({ dsn: ${js} });
</script>`,
    },
    {
      id: 'node',
      name: 'Node.js',
      sdk: '@sentry/node',
      where: 'in instrument.mjs, loaded before your app: node --import ./instrument.mjs app.mjs',
      install: { label: 'npm', command: 'npm install @sentry/node' },
      language: 'JavaScript',
      code: `// instrument.mjs (CommonJS: const Sentry = require('@sentry/node'), required first)
import * as Sentry from '@sentry/node';

Sentry.init({
  dsn: ${js},
});`,
    },
    {
      id: 'python',
      name: 'Python',
      sdk: 'sentry-sdk',
      where: 'as early as possible: settings.py for Django, before app = Flask(...) or FastAPI()',
      install: { label: 'pip', command: 'pip install sentry-sdk' },
      language: 'Python',
      code: `import sentry_sdk

sentry_sdk.init(
    dsn=${dq},
)`,
    },
    {
      id: 'ruby',
      name: 'Ruby',
      sdk: 'sentry-ruby',
      where: 'at boot: config/initializers/sentry.rb in Rails (add the sentry-rails gem too)',
      install: { label: 'Gemfile', command: 'bundle add sentry-ruby' },
      language: 'Ruby',
      code: `require "sentry-ruby"

Sentry.init do |config|
  config.dsn = ${dq}
end`,
    },
    {
      id: 'php',
      name: 'PHP',
      sdk: 'sentry/sentry',
      where: 'right after Composer’s autoloader, before anything can fail',
      install: { label: 'Composer', command: 'composer require sentry/sentry' },
      language: 'PHP',
      code: `<?php
require __DIR__ . '/vendor/autoload.php';

\\Sentry\\init([
    'dsn' => ${js},
]);`,
    },
    {
      id: 'go',
      name: 'Go',
      sdk: 'github.com/getsentry/sentry-go',
      where: 'at the top of main()',
      install: { label: 'go', command: 'go get github.com/getsentry/sentry-go' },
      language: 'Go',
      code: `import (
	"log"
	"time"

	"github.com/getsentry/sentry-go"
)

func main() {
	err := sentry.Init(sentry.ClientOptions{
		Dsn: ${dq},
	})
	if err != nil {
		log.Fatalf("sentry.Init: %s", err)
	}
	// Send what is buffered before the program exits.
	defer sentry.Flush(2 * time.Second)
	// …
}`,
    },
    {
      id: 'java',
      name: 'Java',
      sdk: 'io.sentry:sentry',
      where: 'first thing in main() (Spring Boot: sentry-spring-boot-starter and sentry.dsn instead)',
      install: { label: 'Gradle', command: "implementation 'io.sentry:sentry:8.43.2'" },
      language: 'Java',
      code: `import io.sentry.Sentry;

public class Main {
  public static void main(String[] args) {
    Sentry.init(options -> {
      options.setDsn(${dq});
    });
    // …
  }
}`,
    },
  ];
}
