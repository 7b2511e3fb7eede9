// The editor's network settings (VS Code's http.* plus ours) turned into probe options and the lines the panel
// shows about them. Pure: the feature reads the settings, this decides what they mean.
import { proxyFromEnvironment } from '../probe/proxy';

export interface NetworkSettings {
  /** `http.proxy`; empty means "from the environment", as in VS Code. */
  readonly proxy: string;
  /** `http.noProxy`: hosts (and domains) that bypass the proxy. */
  readonly noProxy: readonly string[];
  /** `http.proxySupport`: `off` disables every proxy. */
  readonly proxySupport: string;
  /** `http.proxyStrictSSL`. */
  readonly proxyStrictSSL: boolean;
  /** `openssl-doctor.probe.timeoutMs`. */
  readonly timeoutMs: number;
  /** `openssl-doctor.probe.caFile`, already read; undefined when the setting is empty. */
  readonly caFile?: { readonly path: string; readonly certificates: number };
  readonly env: NodeJS.ProcessEnv;
}

export interface ProbeRunSettings {
  readonly proxy?: string;
  readonly timeoutMs: number;
  /** One line per setting that shaped the run, for the panel and the log. */
  readonly notes: readonly string[];
}

export const minTimeoutMs = 1000;
export const maxTimeoutMs = 120_000;

/** Credentials never leave the settings: the user info of a proxy URL is replaced. */
export function redactProxy(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^@/]*@/i, '$1…@');
}

export function probeRunSettings(settings: NetworkSettings, host: string, port: number): ProbeRunSettings {
  const notes: string[] = [];
  const timeoutMs = Math.min(maxTimeoutMs, Math.max(minTimeoutMs, Number.isFinite(settings.timeoutMs) ? settings.timeoutMs : 10_000));
  notes.push(`deadline ${timeoutMs} ms (openssl-doctor.probe.timeoutMs)`);
  let proxy: string | undefined;
  if (settings.proxySupport === 'off') {
    notes.push('no proxy: http.proxySupport is off');
  } else {
    const fromSetting = settings.proxy.trim();
    const environmentNoProxy = settings.env.no_proxy ?? settings.env.NO_PROXY ?? '';
    const noProxy = [...settings.noProxy, environmentNoProxy].filter((entry) => entry !== '').join(',');
    proxy = fromSetting !== ''
      ? proxyFromEnvironment({ HTTPS_PROXY: fromSetting, NO_PROXY: noProxy }, host, port)
      : proxyFromEnvironment({ ...settings.env, NO_PROXY: noProxy, no_proxy: undefined }, host, port);
    const source = fromSetting !== '' ? 'http.proxy' : 'HTTPS_PROXY/ALL_PROXY';
    if (proxy) notes.push(`through the proxy ${redactProxy(proxy)} (${source})`);
    else if (fromSetting !== '' || settings.env.HTTPS_PROXY || settings.env.https_proxy || settings.env.ALL_PROXY || settings.env.all_proxy) {
      notes.push(`direct: ${host} matches http.noProxy/NO_PROXY`);
    }
    if (proxy && !settings.proxyStrictSSL) {
      notes.push('http.proxyStrictSSL is off: VS Code itself accepts certificates this report may reject; OpenSSL clients do not');
    }
  }
  if (settings.caFile) notes.push(`extra trusted CA: ${settings.caFile.path} (${settings.caFile.certificates} certificate(s), openssl-doctor.probe.caFile)`);
  return { proxy, timeoutMs, notes };
}
