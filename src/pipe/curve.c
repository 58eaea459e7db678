/* curve.c -- ZeroMQ CURVE set-up and the ZAP handler (see winnow/curve.h).
 *
 * The ZAP handler is a REP socket bound to inproc://zeromq.zap.01 in the
 * process's context, served by a thread of its own: libzmq asks it about
 * every CURVE handshake on any server socket of that context, and waits for
 * the answer before the connection carries a single message. A refused
 * client never gets a message in or out.
 *
 * Authorised keys are kept as 32-byte binary keys in a small array; a
 * handshake is a linear scan (at most WN_CURVE_MAX_AUTHORIZED entries).
 */
#include "winnow/curve.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zmq.h>

#define ZAP_ENDPOINT "inproc://zeromq.zap.01"
#define ZAP_DOMAIN "winnow"
#define LINE_MAX_ 1024 /* longest line of authorized_keys */

struct wn_curve {
    int enabled;
    unsigned roles;
    void *zctx; /* borrowed */
    char server_public[WN_CURVE_KEY_LEN + 1];
    char server_secret[WN_CURVE_KEY_LEN + 1];
    char client_public[WN_CURVE_KEY_LEN + 1]; /* this process's identity when it connects */
    char client_secret[WN_CURVE_KEY_LEN + 1];
    uint8_t (*keys)[32]; /* authorised client keys, binary */
    size_t nkeys;
    void *zap;           /* REP, bound; used only by the thread once started */
    pthread_t thread;
    int thread_started;
    atomic_int stop;
    atomic_uint_fast64_t refused;
};

static const char z85_chars[] = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#";

int wn_curve_key_valid(const char *z85) {
    if (!z85 || strlen(z85) != WN_CURVE_KEY_LEN) return 0;
    for (const char *p = z85; *p; p++)
        if (!strchr(z85_chars, *p)) return 0;
    return 1;
}

int wn_curve_configured(const wn_config_t *c) {
    return c && (c->server_public_key[0] || c->server_secret_key[0] || c->client_public_key[0] ||
                 c->client_secret_key[0] || c->authorized_keys[0]);
}

int wn_curve_enabled(const wn_curve_t *cv) { return cv && cv->enabled; }

uint64_t wn_curve_refused(const wn_curve_t *cv) { return cv ? (uint64_t)atomic_load(&cv->refused) : 0; }

size_t wn_curve_authorized(const wn_curve_t *cv) { return cv ? cv->nkeys : 0; }

/* Adds the binary form of Z85 key `z85` to the authorised set unless it is
 * there already. Returns WN_OK, WN_ETOOBIG (set full) or WN_EINVAL. */
static wn_status add_key(wn_curve_t *cv, const char *z85) {
    uint8_t bin[32];
    if (!wn_curve_key_valid(z85) || !zmq_z85_decode(bin, z85)) return WN_EINVAL;
    for (size_t i = 0; i < cv->nkeys; i++)
        if (!memcmp(cv->keys[i], bin, 32)) return WN_OK;
    if (cv->nkeys >= WN_CURVE_MAX_AUTHORIZED) return WN_ETOOBIG;
    memcpy(cv->keys[cv->nkeys++], bin, 32);
    return WN_OK;
}

/* Reads the authorized_keys file `path`: one Z85 key per line, the first
 * word; '#' lines and blank lines skipped. Errors name path:line. */
static wn_status load_authorized(wn_curve_t *cv, const char *path, char *err, size_t errlen) {
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(err, errlen, "authorized_keys %s: cannot open: %s", path, strerror(errno));
        return WN_EIO;
    }
    wn_status st = WN_OK;
    char line[LINE_MAX_];
    unsigned lineno = 0;
    size_t total = 0;
    while (fgets(line, sizeof line, f)) {
        lineno++;
        size_t n = strlen(line);
        total += n;
        if (total > WN_CURVE_MAX_KEYFILE) {
            snprintf(err, errlen, "authorized_keys %s: larger than %u bytes", path, WN_CURVE_MAX_KEYFILE);
            st = WN_ETOOBIG;
            goto out;
        }
        if (n == sizeof line - 1 && line[n - 1] != '\n' && !feof(f)) {
            snprintf(err, errlen, "%s:%u: line longer than %d bytes", path, lineno, LINE_MAX_ - 2);
            st = WN_ECONFIG;
            goto out;
        }
        char *p = line;
        while (*p == ' ' || *p == '\t') p++;
        if (*p == '#' || *p == '\n' || *p == '\r' || *p == '\0') continue;
        size_t klen = strcspn(p, " \t\r\n");
        char key[WN_CURVE_KEY_LEN + 1];
        if (klen != WN_CURVE_KEY_LEN) {
            snprintf(err, errlen, "%s:%u: not a Z85 CURVE public key (expected %d characters, got %zu)", path, lineno,
                     WN_CURVE_KEY_LEN, klen);
            st = WN_ECONFIG;
            goto out;
        }
        memcpy(key, p, klen);
        key[klen] = '\0';
        st = add_key(cv, key);
        if (st == WN_ETOOBIG) {
            snprintf(err, errlen, "%s:%u: more than %d keys", path, lineno, WN_CURVE_MAX_AUTHORIZED);
            goto out;
        }
        if (st != WN_OK) {
            snprintf(err, errlen, "%s:%u: not a Z85 CURVE public key", path, lineno);
            st = WN_ECONFIG;
            goto out;
        }
    }
    if (ferror(f)) {
        snprintf(err, errlen, "authorized_keys %s: read error: %s", path, strerror(errno));
        st = WN_EIO;
    }
out:
    fclose(f);
    return st;
}

/* Checks that Z85 `pub` is the public key of Z85 `sec`. */
static int pair_matches(const char *pub, const char *sec) {
    char derived[WN_CURVE_KEY_LEN + 1];
    if (zmq_curve_public(derived, sec) != 0) return 0;
    return !strcmp(derived, pub);
}

/* Sends one ZAP reply (RFC 27): version, request id, status, text, user id, metadata. */
static void zap_reply(void *zap, zmq_msg_t *reqid, const char *code, const char *text, const char *user) {
    zmq_msg_t id;
    zmq_msg_init(&id);
    zmq_msg_copy(&id, reqid);
    (void)zmq_send(zap, "1.0", 3, ZMQ_SNDMORE);
    (void)zmq_msg_send(&id, zap, ZMQ_SNDMORE);
    zmq_msg_close(&id);
    (void)zmq_send(zap, code, strlen(code), ZMQ_SNDMORE);
    (void)zmq_send(zap, text, strlen(text), ZMQ_SNDMORE);
    (void)zmq_send(zap, user, strlen(user), ZMQ_SNDMORE);
    (void)zmq_send(zap, "", 0, 0);
}

/* Reads one ZAP request and answers it. The request is at most 7 frames
 * (version, id, domain, address, routing id, mechanism, credentials);
 * extra frames are read and ignored. */
static void zap_serve_one(wn_curve_t *cv) {
    zmq_msg_t f[7];
    int n = 0, more = 1;
    while (more) {
        zmq_msg_t tmp;
        zmq_msg_t *dst = n < 7 ? &f[n] : &tmp;
        zmq_msg_init(dst);
        if (zmq_msg_recv(dst, cv->zap, 0) < 0) {
            zmq_msg_close(dst);
            for (int i = 0; i < n; i++) zmq_msg_close(&f[i]);
            return; /* REP state stays consistent: libzmq drops a half-read request */
        }
        more = zmq_msg_more(dst);
        if (n < 7) n++;
        else zmq_msg_close(&tmp);
    }
    const char *code = "400", *text = "client key not authorised";
    char user[WN_CURVE_KEY_LEN + 1] = "";
    if (n < 7 || zmq_msg_size(&f[0]) != 3 || memcmp(zmq_msg_data(&f[0]), "1.0", 3)) {
        code = "500";
        text = "bad ZAP request";
    } else if (zmq_msg_size(&f[5]) != 5 || memcmp(zmq_msg_data(&f[5]), "CURVE", 5)) {
        text = "CURVE required";
    } else if (zmq_msg_size(&f[6]) == 32) {
        const uint8_t *key = zmq_msg_data(&f[6]);
        for (size_t i = 0; i < cv->nkeys; i++)
            if (!memcmp(cv->keys[i], key, 32)) {
                code = "200";
                text = "OK";
                (void)zmq_z85_encode(user, key, 32);
                break;
            }
    }
    if (strcmp(code, "200")) atomic_fetch_add(&cv->refused, 1);
    if (n >= 2) zap_reply(cv->zap, &f[1], code, text, user);
    else {
        zmq_msg_t empty;
        zmq_msg_init(&empty);
        zap_reply(cv->zap, &empty, code, text, user);
        zmq_msg_close(&empty);
    }
    for (int i = 0; i < n; i++) zmq_msg_close(&f[i]);
}

static void *zap_thread(void *arg) {
    wn_curve_t *cv = arg;
    while (!atomic_load(&cv->stop)) {
        zmq_pollitem_t it = {cv->zap, 0, ZMQ_POLLIN, 0};
        int rc = zmq_poll(&it, 1, 50);
        if (rc < 0) {
            if (zmq_errno() == EINTR) continue;
            break; /* context terminated */
        }
        if (rc > 0 && (it.revents & ZMQ_POLLIN)) zap_serve_one(cv);
    }
    return NULL;
}

/* Copies a key field, validated, into dst (WN_CURVE_KEY_LEN + 1 bytes). */
static wn_status take_key(char *dst, const char *src, const char *name, char *err, size_t errlen) {
    if (!src[0]) return WN_OK;
    if (!wn_curve_key_valid(src)) {
        snprintf(err, errlen, "[curve] %s is not a Z85 CURVE key (40 characters; see winnow keygen)", name);
        return WN_ECONFIG;
    }
    memcpy(dst, src, WN_CURVE_KEY_LEN + 1);
    return WN_OK;
}

wn_curve_t *wn_curve_new(void *zctx, const wn_config_t *c, unsigned roles, wn_status *st, char *err,
                         size_t errlen) {
    char tmp[256];
    wn_status dummy;
    if (!st) st = &dummy;
    if (!err || !errlen) err = tmp, errlen = sizeof tmp;
    err[0] = '\0';
    if (!zctx || !c || !roles) {
        *st = WN_EINVAL;
        snprintf(err, errlen, "bad arguments");
        return NULL;
    }
    wn_curve_t *cv = calloc(1, sizeof *cv);
    if (!cv) {
        *st = WN_ENOMEM;
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    cv->zctx = zctx;
    cv->roles = roles;
    atomic_init(&cv->stop, 0);
    atomic_init(&cv->refused, 0);
    *st = WN_OK;
    if (!wn_curve_configured(c)) return cv;
    cv->enabled = 1;
    if (!zmq_has("curve")) {
        *st = WN_EZMQ;
        snprintf(err, errlen, "[curve] keys are set but this libzmq was built without CURVE");
        goto fail;
    }
    if ((*st = take_key(cv->server_public, c->server_public_key, "server_public_key", err, errlen)) != WN_OK ||
        (*st = take_key(cv->server_secret, c->server_secret_key, "server_secret_key", err, errlen)) != WN_OK ||
        (*st = take_key(cv->client_public, c->client_public_key, "client_public_key", err, errlen)) != WN_OK ||
        (*st = take_key(cv->client_secret, c->client_secret_key, "client_secret_key", err, errlen)) != WN_OK)
        goto fail;
    *st = WN_ECONFIG;
    if (!cv->server_public[0]) {
        snprintf(err, errlen, "[curve] server_public_key is required when CURVE is on");
        goto fail;
    }
    if (cv->server_secret[0] && !pair_matches(cv->server_public, cv->server_secret)) {
        snprintf(err, errlen, "[curve] server_public_key is not the public key of server_secret_key");
        goto fail;
    }
    if (!cv->client_public[0] != !cv->client_secret[0]) {
        snprintf(err, errlen, "[curve] client_public_key and client_secret_key go together: set both or neither");
        goto fail;
    }
    if (cv->client_secret[0] && !pair_matches(cv->client_public, cv->client_secret)) {
        snprintf(err, errlen, "[curve] client_public_key is not the public key of client_secret_key");
        goto fail;
    }
    if ((roles & WN_CURVE_CLIENT) && !cv->client_secret[0]) {
        if (!cv->server_secret[0]) {
            snprintf(err, errlen, "[curve] client_public_key and client_secret_key are needed to connect "
                                  "(write a pair with: winnow keygen NAME)");
            goto fail;
        }
        memcpy(cv->client_public, cv->server_public, sizeof cv->client_public); /* trusted host: server identity */
        memcpy(cv->client_secret, cv->server_secret, sizeof cv->client_secret);
    }
    if (!(roles & WN_CURVE_SERVER)) {
        *st = WN_OK;
        return cv;
    }
    if (!cv->server_secret[0]) {
        snprintf(err, errlen, "[curve] server_secret_key is required to bind (this process is the CURVE server)");
        goto fail;
    }
    cv->keys = calloc(WN_CURVE_MAX_AUTHORIZED, sizeof *cv->keys);
    if (!cv->keys) {
        *st = WN_ENOMEM;
        snprintf(err, errlen, "out of memory");
        goto fail;
    }
    (void)add_key(cv, cv->server_public);
    if (c->client_public_key[0]) (void)add_key(cv, cv->client_public);
    if (c->authorized_keys[0] && (*st = load_authorized(cv, c->authorized_keys, err, errlen)) != WN_OK) goto fail;
    cv->zap = zmq_socket(zctx, ZMQ_REP);
    if (!cv->zap || zmq_bind(cv->zap, ZAP_ENDPOINT) != 0) {
        *st = WN_EZMQ;
        snprintf(err, errlen, "cannot start the ZAP handler on %s: %s", ZAP_ENDPOINT, zmq_strerror(zmq_errno()));
        goto fail;
    }
    int linger = 0;
    (void)zmq_setsockopt(cv->zap, ZMQ_LINGER, &linger, sizeof linger);
    if (pthread_create(&cv->thread, NULL, zap_thread, cv) != 0) {
        *st = WN_ENOMEM;
        snprintf(err, errlen, "cannot start the ZAP handler thread");
        goto fail;
    }
    cv->thread_started = 1;
    *st = WN_OK;
    return cv;
fail:
    wn_curve_destroy(&cv);
    return NULL;
}

wn_status wn_curve_server(wn_curve_t *cv, void *sock, char *err, size_t errlen) {
    char tmp[256];
    if (!err || !errlen) err = tmp, errlen = sizeof tmp;
    if (!cv || !sock) return WN_EINVAL;
    if (!cv->enabled) return WN_OK;
    if (!(cv->roles & WN_CURVE_SERVER) || !cv->thread_started) {
        snprintf(err, errlen, "CURVE server role not set up");
        return WN_EINVAL;
    }
    int one = 1;
    if (zmq_setsockopt(sock, ZMQ_CURVE_SERVER, &one, sizeof one) != 0 ||
        zmq_setsockopt(sock, ZMQ_CURVE_SECRETKEY, cv->server_secret, WN_CURVE_KEY_LEN) != 0 ||
        zmq_setsockopt(sock, ZMQ_ZAP_DOMAIN, ZAP_DOMAIN, strlen(ZAP_DOMAIN)) != 0) {
        snprintf(err, errlen, "cannot make the socket a CURVE server: %s", zmq_strerror(zmq_errno()));
        return WN_EZMQ;
    }
    return WN_OK;
}

wn_status wn_curve_client(wn_curve_t *cv, void *sock, char *err, size_t errlen) {
    char tmp[256];
    if (!err || !errlen) err = tmp, errlen = sizeof tmp;
    if (!cv || !sock) return WN_EINVAL;
    if (!cv->enabled) return WN_OK;
    if (!(cv->roles & WN_CURVE_CLIENT)) {
        snprintf(err, errlen, "CURVE client role not set up");
        return WN_EINVAL;
    }
    if (zmq_setsockopt(sock, ZMQ_CURVE_SERVERKEY, cv->server_public, WN_CURVE_KEY_LEN) != 0 ||
        zmq_setsockopt(sock, ZMQ_CURVE_PUBLICKEY, cv->client_public, WN_CURVE_KEY_LEN) != 0 ||
        zmq_setsockopt(sock, ZMQ_CURVE_SECRETKEY, cv->client_secret, WN_CURVE_KEY_LEN) != 0) {
        snprintf(err, errlen, "cannot make the socket a CURVE client: %s", zmq_strerror(zmq_errno()));
        return WN_EZMQ;
    }
    return WN_OK;
}

void wn_curve_destroy(wn_curve_t **self) {
    if (!self || !*self) return;
    wn_curve_t *cv = *self;
    if (cv->thread_started) {
        atomic_store(&cv->stop, 1);
        pthread_join(cv->thread, NULL);
    }
    if (cv->zap) zmq_close(cv->zap);
    /* Secrets do not outlive the object in freed memory. */
    explicit_bzero(cv->server_secret, sizeof cv->server_secret);
    explicit_bzero(cv->client_secret, sizeof cv->client_secret);
    free(cv->keys);
    free(cv);
    *self = NULL;
}
