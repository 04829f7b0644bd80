import { useState } from 'react';
import type { VersionInfo } from './api';

/** Published versions with who and when; roll back in one click, or compare one with the draft. */
export function VersionsPanel(props: {
  versions: VersionInfo[];
  active: number | null;
  onRollback: (version: number) => void;
  onCompare: (version: number | null) => void;
}) {
  const [comparing, setComparing] = useState<number | null>(null);
  return (
    <div className="panel versions">
      <h2>Versions</h2>
      {props.versions.length === 0 && <p className="muted">Not published yet.</p>}
      <ul>
        {props.versions.map((v) => (
          <li key={v.version} data-testid={`version-${v.version}`}>
            <div>
              <strong>Version {v.version}</strong> {v.version === props.active && <span className="badge live">Live</span>}
              <small>
                {new Date(v.publishedAt).toLocaleString()} · {v.publishedBy ?? 'unknown'}
              </small>
              {v.testCases && (
                <small data-testid={`version-${v.version}-tests`}>
                  Test cases: {v.testCases.passed} of {v.testCases.total} passed
                </small>
              )}
            </div>
            <div className="hstack">
              {v.version !== props.active && (
                <button type="button" onClick={() => props.onRollback(v.version)} data-testid={`rollback-${v.version}`}>
                  Make live
                </button>
              )}
              <button
                type="button"
                onClick={() => {
                  const next = comparing === v.version ? null : v.version;
                  setComparing(next);
                  props.onCompare(next);
                }}
              >
                {comparing === v.version ? 'Stop comparing' : 'Compare with draft'}
              </button>
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}
