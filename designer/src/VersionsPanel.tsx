import { useState } from 'react';
import type { VersionInfo } from './api';
import { fill, useLang, useTexts } from './console/i18n';
import { localeOf } from '../../engine/languages';

const TEXTS = {
  en: {
    versions: 'Versions',
    none: 'Not published yet.',
    version: 'Version {version}',
    live: 'Live',
    unknown: 'unknown',
    seed: 'Gerbang (shipped with it)',
    apiToken: 'An automation (the admin API token)',
    tests: 'Test cases: {passed} of {total} passed',
    makeLive: 'Make live',
    stopComparing: 'Stop comparing',
    compare: 'Compare with draft',
  },
  id: {
    versions: 'Versi',
    none: 'Belum diterbitkan.',
    version: 'Versi {version}',
    live: 'Aktif',
    unknown: 'tidak diketahui',
    seed: 'Gerbang (bawaan)',
    apiToken: 'Otomatisasi (token API admin)',
    tests: 'Kasus uji: {passed} dari {total} lulus',
    makeLive: 'Jadikan aktif',
    stopComparing: 'Berhenti membandingkan',
    compare: 'Bandingkan dengan draf',
  },
};

/** Published versions with who and when; roll back in one click, or compare one with the draft. */
export function VersionsPanel(props: {
  versions: VersionInfo[];
  active: number | null;
  onRollback: (version: number) => void;
  onCompare: (version: number | null) => void;
}) {
  const t = useTexts(TEXTS);
  const locale = localeOf(useLang());
  const [comparing, setComparing] = useState<number | null>(null);
  /** Who published, in words: an administrator by their address; Gerbang itself for the journeys it ships. */
  const publisherOf = (by: string | null | undefined) => (by === 'seed' ? t.seed : by === 'api-token' ? t.apiToken : (by ?? t.unknown));
  return (
    <div className="panel versions">
      <h2>{t.versions}</h2>
      {props.versions.length === 0 && <p className="muted">{t.none}</p>}
      <ul>
        {props.versions.map((v) => (
          <li key={v.version} data-testid={`version-${v.version}`}>
            <div>
              <strong>{fill(t.version, { version: v.version })}</strong> {v.version === props.active && <span className="badge live">{t.live}</span>}
              <small>
                {new Date(v.publishedAt).toLocaleString(locale)} · {publisherOf(v.publishedBy)}
              </small>
              {v.testCases && (
                <small data-testid={`version-${v.version}-tests`}>
                  {fill(t.tests, { passed: v.testCases.passed, total: v.testCases.total })}
                </small>
              )}
            </div>
            <div className="hstack">
              {v.version !== props.active && (
                <button type="button" onClick={() => props.onRollback(v.version)} data-testid={`rollback-${v.version}`}>
                  {t.makeLive}
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
                {comparing === v.version ? t.stopComparing : t.compare}
              </button>
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}
