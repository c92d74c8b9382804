// One deploy on a graph, drawn alike on every graph: a solid line at the time it finished. On a chart the
// line is a link to the release's page that shows the release, the environment and the time on hover and
// on keyboard focus; on a sparkline it is a tick whose title says the same (the sparkline's own label
// lists its deploys for screen readers, so that a list of rows is not a list of tab stops).

import { Link } from '@tanstack/react-router';
import { type DeployMark, deployWords } from './deploy-marks.ts';
import { exactTime } from './format.ts';
import './deploy-marker.css';

interface ChartPlace {
  size: 'chart';
  /** The project whose release page the marker opens. */
  projectId: number;
  /** The plot area's top and height within the chart, in CSS pixels. */
  top: number;
  height: number;
  /** False for a deploy just after another one whose label already stands there. */
  labelled: boolean;
  /** Near the right edge the label and the tooltip sit left of the line, inside the chart. */
  flip: boolean;
}

type Props = {
  deploy: DeployMark;
  /** Its place from the graph's left edge, as CSS (px on a chart, % on a sparkline). */
  left: string;
} & ({ size: 'tick' } | ChartPlace);

export function DeployMarker(props: Props) {
  const { deploy, left } = props;
  const words = deployWords(deploy);
  if (props.size === 'tick') {
    return <span className="deploy-tick" style={{ left }} title={words} aria-hidden="true" />;
  }
  // The tooltip says what the link's name says, word for word: what is seen is what is read out.
  return (
    <span
      className={props.flip ? 'deploy-marker deploy-marker-flip' : 'deploy-marker'}
      style={{ left, top: `${props.top}px`, height: `${props.height}px` }}
    >
      <Link
        to="/projects/$projectId/releases/$version"
        params={{ projectId: String(props.projectId), version: deploy.release }}
        className="deploy-marker-link"
        aria-label={words}
      >
        <span className="deploy-tip" aria-hidden="true">
          <strong className="mono">{deploy.release}</strong>
          {` deployed to ${deploy.environment}${deploy.strategy ? ` (${deploy.strategy})` : ''}, `}
          <span className="deploy-tip-time">{exactTime(deploy.finishedAt)}</span>
        </span>
      </Link>
      {props.labelled ? (
        <span className="deploy-marker-label mono" aria-hidden="true">
          ▲ {deploy.environment}
        </span>
      ) : null}
    </span>
  );
}
