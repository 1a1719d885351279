export interface ImageReference {
  /** Registry host (with port), when the reference names one. */
  registry?: string;
  repository: string;
  tag?: string;
  digest?: string;
}

const DIGEST = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;

/**
 * Parse a container image reference the way the distribution reference grammar does:
 * `[registry[:port]/]path[:tag][@digest]`. The first component is a registry when it contains
 * `.` or `:` or is `localhost`. Returns undefined for references that are not well formed.
 */
export function parseImageReference(image: string): ImageReference | undefined {
  let rest = image.trim();
  if (rest === '' || rest !== image) return undefined;
  const ref: ImageReference = { repository: '' };
  const at = rest.indexOf('@');
  if (at !== -1) {
    const digest = rest.slice(at + 1);
    if (!DIGEST.test(digest)) return undefined;
    ref.digest = digest;
    rest = rest.slice(0, at);
  }
  const slash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > slash) {
    const tag = rest.slice(colon + 1);
    if (!TAG.test(tag)) return undefined;
    ref.tag = tag;
    rest = rest.slice(0, colon);
  }
  const parts = rest.split('/');
  const first = parts[0] ?? '';
  if (parts.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost')) {
    ref.registry = first;
    parts.shift();
  }
  if (parts.length === 0 || !parts.every((p) => PATH_COMPONENT.test(p))) return undefined;
  ref.repository = parts.join('/');
  return ref;
}

export type PullPolicy = 'Always' | 'IfNotPresent' | 'Never';

/**
 * The imagePullPolicy the API server defaults when none is set (SetDefaults_Container): Always when
 * the tag is `latest`, or when there is neither tag nor digest (the tag then defaults to latest);
 * IfNotPresent otherwise. https://kubernetes.io/docs/concepts/containers/images/#imagepullpolicy-defaulting
 */
export function defaultPullPolicy(ref: ImageReference): PullPolicy {
  const tag = ref.tag ?? (ref.digest ? '' : 'latest');
  return tag === 'latest' ? 'Always' : 'IfNotPresent';
}
