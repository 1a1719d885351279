import { defineRule } from '../../src/engine/index.js';
import { isObject } from '../../src/k8s/object.js';

// Whoever can talk to the container runtime's socket can start a privileged container with the
// node's root filesystem mounted: root on the node. Reported for the socket files of Docker,
// containerd, CRI-O, cri-dockerd and Podman (any path ending in their file name) and for the run
// directories that hold them. A read-only mount does not help: connecting to a Unix socket is not a
// write to the filesystem. https://kubernetes.io/docs/concepts/storage/volumes/#hostpath
const SOCKET_FILE = /(?:^|\/)(docker|containerd|crio|cri-dockerd|podman)\.sock$/;
const SOCKET_DIRS = new Set([
  '/run',
  '/var/run',
  '/run/containerd',
  '/var/run/containerd',
  '/run/crio',
  '/var/run/crio',
  '/run/podman',
  '/var/run/podman',
  '/run/k3s/containerd',
  '/var/run/k3s/containerd',
]);

function normalize(path: string): string {
  const p = path.replace(/\/+/g, '/').replace(/\/$/, '');
  return p === '' ? '/' : p;
}

export const rule = defineRule({
  id: 'container-runtime-socket-mount',
  meta: {
    category: 'security',
    severity: 'error',
    recommended: true,
    description: "A pod mounts the container runtime's socket, which gives root on the node",
  },
  check(_doc, ctx) {
    const pod = ctx.podSpec();
    const volumes = pod?.spec.volumes;
    if (!pod || !Array.isArray(volumes)) return;
    volumes.forEach((v: unknown, i) => {
      const hostPath = isObject(v) && isObject(v.hostPath) ? v.hostPath.path : undefined;
      if (typeof hostPath !== 'string') return;
      const path = normalize(hostPath);
      const socket = SOCKET_FILE.exec(path);
      const what = socket
        ? `the ${socket[1]} socket "${hostPath}"`
        : SOCKET_DIRS.has(path)
          ? `"${hostPath}", the directory holding the container runtime's socket,`
          : undefined;
      if (!what) return;
      const name = isObject(v) && typeof v.name === 'string' ? `volume "${v.name}"` : `volume ${i}`;
      ctx.report({
        path: [...pod.path, 'volumes', i, 'hostPath', 'path'],
        message: `${name} mounts ${what} of the node: any process in the pod that can reach it can start a privileged container with the node's filesystem, which is root on the node`,
      });
    });
  },
});
