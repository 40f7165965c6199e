import type { ErrorRequestHandler } from 'express';
import type { Logger } from 'pino';
import { ErrorCode } from '../errors.js';

/**
 * The last Express handler: a body that is not JSON, a body over the limit, or a fault in a route
 * answers a coded JSON error — never Express's HTML page with a stack trace. GraphQL clients get
 * the GraphQL error shape, the hooks their own `{error}` shape.
 */
export function httpErrors(logger: Logger): ErrorRequestHandler {
  return (error, req, res, next) => {
    if (res.headersSent) return next(error);
    const { type, status: given, expose } = error as { type?: string; status?: number; expose?: boolean };
    const [status, code, message] =
      type === 'entity.parse.failed'
        ? [400, ErrorCode.BAD_USER_INPUT, 'The request body is not valid JSON']
        : type === 'entity.too.large'
          ? [413, ErrorCode.BAD_USER_INPUT, 'The request body is larger than the gateway accepts (BODY_LIMIT)']
          : // The body parser's other refusals (an unknown charset or encoding, a body cut short) are the client's.
            given && given >= 400 && given < 500 && expose
            ? [given, ErrorCode.BAD_USER_INPUT, `The request body cannot be read: ${(error as Error).message}`]
            : [500, ErrorCode.INTERNAL_SERVER_ERROR, 'Internal server error'];
    if (status === 500) logger.error({ err: error, path: req.path, requestId: req.headers['x-request-id'] }, 'unhandled error in an HTTP route');
    const body = req.path.startsWith('/graphql') ? { errors: [{ message, extensions: { code } }] } : { error: { code, message } };
    res.status(status).json(body);
  };
}
