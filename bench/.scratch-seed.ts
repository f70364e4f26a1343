import { seedStore } from './seed';
const n = Number(process.argv[2]); const path = process.argv[3] as string;
const t = performance.now();
console.log(JSON.stringify(seedStore(path, { root: '/tmp/bx/proj', name: 'proj', observations: n, seed: 1000 + n })), Math.round(performance.now() - t), 'ms');
