/* winnow/curve.h -- who may connect: ZeroMQ CURVE for the pipeline sockets.
 *
 * With keys in the [curve] section of pipeline.conf every pipeline socket
 * is encrypted and authenticated (CurveZMQ, RFC 26). The side that binds a
 * socket is the CURVE server (its secret key: server_secret_key); the side
 * that connects is a CURVE client (its own key pair, and the server's public
 * key). A server runs a ZAP handler (RFC 27) in its ZeroMQ context that
 * accepts a client only if the client's public key is authorised:
 *
 *   - a key listed in the `authorized_keys` file (one Z85 key per line,
 *     optionally followed by white space and a comment; lines that are empty
 *     or start with '#' are ignored), or
 *   - a public key of this very configuration (server_public_key and
 *     client_public_key): whoever holds the configuration's secret keys is
 *     already trusted, so one pipeline.conf can serve a one-host pipeline.
 *
 * Roles in winnow (see docs/security.md): the source binds tasks and acks
 * (server) and connects to results (client); the sink binds results (server)
 * and connects to the acks endpoints (client); a worker only connects
 * (client). A connecting process without client keys that holds the server
 * secret key uses the server key pair as its client identity.
 *
 * Without any [curve] key the object is inert: wn_curve_server/_client do
 * nothing and sockets stay plaintext, as before.
 *
 * One wn_curve_t per ZeroMQ context. Its functions are called from the
 * thread that owns the context's sockets; the ZAP handler runs on a thread
 * of its own, started by wn_curve_new and stopped by wn_curve_destroy.
 */
#ifndef WINNOW_CURVE_H
#define WINNOW_CURVE_H

#include <stddef.h>
#include <stdint.h>

#include "winnow/config.h"
#include "winnow/status.h"

#define WN_CURVE_KEY_LEN 40             /* characters of a Z85 key */
#define WN_CURVE_MAX_AUTHORIZED 4096    /* keys read from authorized_keys */
#define WN_CURVE_MAX_KEYFILE (1u << 20) /* bytes of authorized_keys read */

typedef struct wn_curve wn_curve_t;

/* What a process does with its sockets: bind (server), connect (client),
 * or both (WN_CURVE_SERVER | WN_CURVE_CLIENT). */
enum { WN_CURVE_CLIENT = 1, WN_CURVE_SERVER = 2 };

/* Returns 1 if `c` sets any [curve] key (CURVE is on), else 0. */
WN_EXPORT int wn_curve_configured(const wn_config_t *c);

/* Returns 1 if `z85` is a well-formed Z85 CURVE key (40 characters of the
 * Z85 alphabet), else 0. NULL: 0. */
WN_EXPORT int wn_curve_key_valid(const char *z85);

/* Sets up CURVE for a process acting in `roles` on ZeroMQ context `zctx`
 * (borrowed; must outlive the object). Checks the [curve] keys of `c`
 * (copied): each public key must match its secret key, a server needs
 * server_secret_key, a client needs the server's public key and a key pair.
 * For WN_CURVE_SERVER, reads `authorized_keys` and starts the ZAP handler
 * on inproc://zeromq.zap.01 of `zctx` -- call this before binding.
 * Returns the object (caller owns it, wn_curve_destroy) or NULL with *st
 * (WN_ECONFIG bad or missing keys, WN_EIO unreadable authorized_keys,
 * WN_EZMQ, WN_ENOMEM) and a message in err. When CURVE is not configured,
 * returns an inert object. */
WN_EXPORT wn_curve_t *wn_curve_new(void *zctx, const wn_config_t *c, unsigned roles, wn_status *st, char *err,
                                   size_t errlen);

/* Returns 1 if CURVE is on for this object, else 0. NULL: 0. */
WN_EXPORT int wn_curve_enabled(const wn_curve_t *cv);

/* Makes `sock` (borrowed) a CURVE server; call before zmq_bind. Requires
 * WN_CURVE_SERVER at wn_curve_new. No-op when CURVE is off. Returns WN_OK,
 * WN_EINVAL (not set up as a server) or WN_EZMQ, with a message. */
WN_EXPORT WN_MUST_CHECK wn_status wn_curve_server(wn_curve_t *cv, void *sock, char *err, size_t errlen);

/* Makes `sock` (borrowed) a CURVE client of the configured server; call
 * before zmq_connect. No-op when CURVE is off. Returns as wn_curve_server. */
WN_EXPORT WN_MUST_CHECK wn_status wn_curve_client(wn_curve_t *cv, void *sock, char *err, size_t errlen);

/* Number of client handshakes the ZAP handler refused so far (key not
 * authorised). 0 for a client-only or inert object. */
WN_EXPORT uint64_t wn_curve_refused(const wn_curve_t *cv);

/* Number of keys authorised (authorized_keys plus the configuration's own). */
WN_EXPORT size_t wn_curve_authorized(const wn_curve_t *cv);

/* Stops the ZAP handler, frees everything, sets *self to NULL. Accepts
 * NULL. Call before zmq_ctx_term on the context (the handler's socket
 * lives in it) -- after closing or with the other sockets, either works. */
WN_EXPORT void wn_curve_destroy(wn_curve_t **self);

#endif
