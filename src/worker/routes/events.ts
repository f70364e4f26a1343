import { errorResponse } from '../http-errors';
import type { FeedEvent } from '../feed';
import type { RouteModule } from './types';

const encoder = new TextEncoder();

/**
 * `GET /api/events`: Server-Sent Events of new observations, summaries and prompts. A reconnecting
 * client (EventSource sends Last-Event-ID by itself) first gets what it missed, then live events;
 * a comment line every 15 s keeps proxies and idle timeouts from closing the stream.
 */
export const eventRoutes: RouteModule = {
  name: 'events',
  mount(app, deps) {
    app.get('/api/events', (c) => {
      const max = deps.maxSseConnections ?? 16;
      if (deps.feed.connections() >= max) {
        return errorResponse(c, 'too_many', `At most ${max} live streams are served at once.`, 'Close other viewer tabs.');
      }
      const lastEventId = c.req.header('last-event-id') ?? c.req.query('lastEventId');
      let cleanup = () => undefined as void;
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          let open = true;
          const write = (text: string) => {
            if (!open) return;
            try {
              controller.enqueue(encoder.encode(text));
            } catch (err) {
              void err; // the stream closed under us; cleanup below ends the subscription
              cleanup();
            }
          };
          const sub = deps.feed.subscribe(lastEventId, (e) => write(frame(e)), () => cleanup());
          const heartbeat = setInterval(() => write(': ping\n\n'), deps.heartbeatMs ?? 15_000);
          cleanup = () => {
            if (!open) return;
            open = false;
            clearInterval(heartbeat);
            sub.close();
            try {
              controller.close();
            } catch (err) {
              void err; // already closed or cancelled by the client
            }
          };
          write('retry: 3000\n: connected\n\n');
          for (const e of sub.missed) write(frame(e));
        },
        cancel() {
          cleanup();
        },
      });
      c.req.raw.signal.addEventListener('abort', () => cleanup());
      return new Response(body, {
        headers: {
          'content-type': 'text/event-stream; charset=utf-8',
          'cache-control': 'no-cache, no-transform',
          connection: 'keep-alive',
          'x-accel-buffering': 'no',
        },
      });
    });
  },
};

function frame(e: FeedEvent): string {
  return `id: ${e.id}\nevent: ${e.event}\ndata: ${JSON.stringify(e.data)}\n\n`;
}
