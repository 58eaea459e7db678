/* winnow/robots.h -- parse robots.txt and decide whether a path may be
 * fetched, per RFC 9309 (the Robots Exclusion Protocol).
 *
 * - Groups: one or more consecutive `User-agent:` lines followed by rules.
 *   A crawler obeys every group whose user-agent equals its product token
 *   (case-insensitive); if none names it, the `*` groups; if there are none
 *   either, everything is allowed.
 * - Rules: `Allow:` / `Disallow:` path patterns where `*` matches any run of
 *   bytes and a trailing `$` anchors the end. The longest matching pattern
 *   wins; on a tie, Allow wins. `Disallow:` with an empty value is no rule.
 *   `/robots.txt` itself is always allowed.
 * - Bounds: only the first WN_ROBOTS_MAX_BYTES of a file are parsed (RFC 9309
 *   asks for at least 500 KiB), lines longer than WN_ROBOTS_MAX_LINE are
 *   skipped, and at most WN_ROBOTS_MAX_RULES rules are kept.
 * - Fetch outcomes (RFC 9309 2.3.1): a 2xx file is parsed, a 4xx means
 *   "allow all", a 5xx or an unreachable server means "disallow all";
 *   wn_robots_new_policy() builds those two.
 *
 * Matching allocates nothing and never recurses.
 */
#ifndef WINNOW_ROBOTS_H
#define WINNOW_ROBOTS_H

#include <stddef.h>

#include "winnow/status.h"

#define WN_ROBOTS_MAX_BYTES (500u * 1024u)
#define WN_ROBOTS_MAX_LINE 2048u
#define WN_ROBOTS_MAX_RULES 10000u

typedef struct wn_robots wn_robots_t;

/* Parses txt[0..len) for the crawler whose product token is `agent` (e.g.
 * "winnow"; only the part before the first '/' or space is used, so a full
 * User-Agent string may be passed). Returns a rule set the caller owns
 * (free with wn_robots_destroy), or NULL with *st = WN_ENOMEM / WN_EINVAL.
 * Bytes past WN_ROBOTS_MAX_BYTES are ignored. */
WN_EXPORT wn_robots_t *wn_robots_parse(const char *txt, size_t len, const char *agent, wn_status *st);

/* Returns a rule set that allows everything (allow != 0) or disallows
 * everything but /robots.txt (allow == 0); caller owns it. NULL on ENOMEM. */
WN_EXPORT wn_robots_t *wn_robots_new_policy(int allow);

/* Returns 1 if `path` (the URL's path plus "?query", starting with '/';
 * an empty path means "/") may be fetched, 0 if not. `path` is borrowed. */
WN_EXPORT int wn_robots_allowed(const wn_robots_t *r, const char *path);

/* Number of rules that apply to the agent (for tests and diagnostics). */
WN_EXPORT size_t wn_robots_rule_count(const wn_robots_t *r);

/* Frees the rule set and sets *self to NULL. Accepts NULL. */
WN_EXPORT void wn_robots_destroy(wn_robots_t **self);

#endif
