// A minimal npm registry on 127.0.0.1: the test double for publishing claude-mem (and for the
// registry a user's npm talks to). It serves packuments and tarballs of the packages it is given,
// nothing else, so an install that needs any other package fails loudly instead of reaching the
// network. Written here rather than running verdaccio: ~80 lines, no extra dependency, starts in
// milliseconds, and every request is recorded for the test to check.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RegistryVersion {
  name: string;
  version: string;
  /** Path of the .tgz to serve. */
  tarball: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  bin?: Record<string, string>;
  engines?: Record<string, string>;
}

export interface NpmRegistry {
  url: string;
  /** "GET /path" of every request, in order. */
  requests: string[];
  /** Add (or replace) a version; the last one added for a name is its `latest`. */
  publish(v: RegistryVersion): void;
  close(): Promise<void>;
}

export async function startNpmRegistry(initial: RegistryVersion[] = []): Promise<NpmRegistry> {
  const packages = new Map<string, Map<string, RegistryVersion & { data: Buffer }>>();
  const latest = new Map<string, string>();
  const requests: string[] = [];
  let base = '';

  const server: Server = createServer((req, res) => {
    requests.push(`${req.method ?? ''} ${req.url ?? ''}`);
    const path = decodeURIComponent((req.url ?? '').split('?')[0] ?? '');
    const tar = /^\/(.+)\/-\/[^/]+-(\d[^/]*)\.tgz$/.exec(path);
    if (tar) {
      const v = packages.get(tar[1] ?? '')?.get(tar[2] ?? '');
      if (v) {
        res.writeHead(200, { 'content-type': 'application/octet-stream' });
        res.end(v.data);
        return;
      }
    }
    const versions = packages.get(path.slice(1));
    if (req.method === 'GET' && versions) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(packument(path.slice(1), versions)));
      return;
    }
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end('{"error":"not found"}');
  });

  function packument(name: string, versions: Map<string, RegistryVersion & { data: Buffer }>) {
    const bare = name.split('/').pop() ?? name;
    return {
      name,
      'dist-tags': { latest: latest.get(name) },
      versions: Object.fromEntries(
        [...versions.values()].map((v) => [
          v.version,
          {
            name,
            version: v.version,
            dependencies: v.dependencies ?? {},
            ...(v.optionalDependencies ? { optionalDependencies: v.optionalDependencies } : {}),
            ...(v.bin ? { bin: v.bin } : {}),
            ...(v.engines ? { engines: v.engines } : {}),
            dist: {
              tarball: `${base}/${name}/-/${bare}-${v.version}.tgz`,
              shasum: createHash('sha1').update(v.data).digest('hex'),
              integrity: `sha512-${createHash('sha512').update(v.data).digest('base64')}`,
            },
          },
        ]),
      ),
    };
  }

  function publish(v: RegistryVersion): void {
    const versions = packages.get(v.name) ?? new Map();
    versions.set(v.version, { ...v, data: readFileSync(v.tarball) });
    packages.set(v.name, versions);
    latest.set(v.name, v.version);
  }

  initial.forEach(publish);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    requests,
    publish,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
