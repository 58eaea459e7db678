/* status.c -- descriptions of wn_status codes. */
#include "winnow/status.h"

static const struct {
    const char *name;
    const char *text;
} wn_status_table[] = {
    [WN_OK] = {"ok", "success"},
    [WN_ENOMEM] = {"nomem", "out of memory"},
    [WN_EINVAL] = {"invalid", "invalid argument"},
    [WN_EIO] = {"io", "input/output error"},
    [WN_ETOOBIG] = {"too_big", "input exceeds a configured size limit"},
    [WN_ECORRUPT] = {"corrupt", "malformed input"},
    [WN_ETRUNCATED] = {"truncated", "input ends early"},
    [WN_ENOTHTML] = {"not_html", "payload is not HTML"},
    [WN_ECHARSET] = {"charset", "character set conversion failed"},
    [WN_EPARSE] = {"parse", "HTML parser failed"},
    [WN_EPROTO] = {"protocol", "bad wire message"},
    [WN_ECONFIG] = {"config", "bad configuration"},
    [WN_EZMQ] = {"zmq", "ZeroMQ error"},
    [WN_EFETCH] = {"fetch", "fetch failed"},
    [WN_EDEPTH] = {"depth", "element nesting exceeds the depth limit"},
    [WN_EEMPTY] = {"empty", "input is empty"},
    [WN_EUNSUPPORTED] = {"unsupported", "unsupported input"},
    [WN_EBUSY] = {"busy", "in use by another process"},
    [WN_ETIMEDOUT] = {"timed_out", "timed out"},
    [WN_EINTR] = {"interrupted", "interrupted by a stop request"},
};

#define WN_NSTATUS (sizeof wn_status_table / sizeof wn_status_table[0])

const char *wn_strerror(wn_status st) {
    if ((unsigned)st >= WN_NSTATUS || !wn_status_table[st].text) return "unknown error";
    return wn_status_table[st].text;
}

const char *wn_status_name(wn_status st) {
    if ((unsigned)st >= WN_NSTATUS || !wn_status_table[st].name) return "unknown";
    return wn_status_table[st].name;
}
