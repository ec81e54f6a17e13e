import type { FastifyInstance, FastifyReply } from 'fastify';
import { EdgeError, EdgeErrorCode } from '../http/edge-error';
import type { ConsoleSettings } from './console-settings';
import { readConsoleFiles } from './console-files';
import { DevTokenMinter } from './dev-token-minter';

/**
 * The console's own policy, stricter than the API document's: scripts and styles only from the gateway's origin
 * (no inline code, no eval), and calls only to the gateway and the identity provider whose token endpoint the
 * sign-in reaches.
 */
export function consoleContentSecurityPolicy(settings: ConsoleSettings): string {
  const issuer = settings.signIn.kind === 'oidc' ? ` ${new URL(settings.signIn.issuer).origin}` : '';
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self'${issuer}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

function sendError(reply: FastifyReply, error: EdgeError): FastifyReply {
  const body = {
    code: error.code,
    message: error.message,
    ...(error.details === undefined ? {} : { details: error.details }),
  };
  return reply.status(error.status).type('application/json; charset=utf-8').send({ success: false, error: body });
}

/**
 * Serves the admin console under /admin from the gateway's origin: its built files, every other /admin path as the
 * single-page app's index.html, `config.json` (how to sign in) and the development sign-in's token route.
 */
export function adminConsolePlugin(
  settings: ConsoleSettings,
  minter = new DevTokenMinter(settings.devTokens),
): (fastify: FastifyInstance, options: unknown, done: () => void) => void {
  const files = readConsoleFiles(settings.directory);
  const policy = consoleContentSecurityPolicy(settings);
  return (fastify, _options, done) => {
    // Helmet set the API document's policy on the request already; the console's replaces it.
    fastify.addHook('onSend', (_request, reply, payload, next) => {
      void reply.header('content-security-policy', policy);
      next(null, payload);
    });

    fastify.get('/admin', async (_request, reply) => reply.redirect('/admin/'));

    fastify.get('/admin/config.json', async (_request, reply) =>
      reply.header('cache-control', 'no-store').send({ signIn: settings.signIn }),
    );

    fastify.post('/admin/dev-token', async (request, reply) => {
      try {
        const minted = await minter.mint(request.body);
        return await reply.header('cache-control', 'no-store').send({ success: true, data: minted });
      } catch (error) {
        if (error instanceof EdgeError) return sendError(reply, error);
        throw error;
      }
    });

    fastify.get('/admin/*', async (request, reply) => {
      const path = (request.params as { '*': string })['*'];
      const asset = files.get(path);
      const page = asset ?? (path.startsWith('assets/') ? undefined : files.get('index.html'));
      if (page === undefined) {
        const message = files.size === 0 ? 'The admin console is not built: run `npm run build`' : 'No such file';
        return sendError(reply, new EdgeError(EdgeErrorCode.ROUTE_NOT_FOUND, message));
      }
      return reply
        .type(page.contentType)
        .header('cache-control', page.immutable ? 'public, max-age=31536000, immutable' : 'no-cache')
        .send(page.body);
    });
    done();
  };
}
