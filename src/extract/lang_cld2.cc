// lang_cld2.cc -- the C++ shim between libwinnow (C) and CLD2 (C++): one
// function, wn_lang_cld2(), with C linkage. Everything else about language
// is in lang.c.
#include <cstdio> // compact_lang_det.h uses FILE without including it
#include <cstring>
#include <vector>

#include <cld2/public/compact_lang_det.h>
#include <cld2/public/encodings.h>

namespace CLD2 {
const char *LanguageCode(Language lang);
}

extern "C" int wn_lang_cld2(const char *t, int n, char *code, size_t cap, int *percent);

// Detects the language of plain UTF-8 text; writes CLD2's code for it
// (NUL-terminated, at most cap bytes) and the percentage of the text in it.
// Returns 1 if CLD2 found a language and calls the result reliable, else 0.
// CLD2 does not throw; nothing here allocates but CLD2's own scratch.
extern "C" int wn_lang_cld2(const char *t, int n, char *code, size_t cap, int *percent) {
    CLD2::CLDHints hints = {NULL, NULL, CLD2::UNKNOWN_ENCODING, CLD2::UNKNOWN_LANGUAGE};
    CLD2::Language l3[3];
    int p3[3] = {0, 0, 0}, text_bytes = 0, valid = 0;
    double s3[3];
    bool reliable = false;
    CLD2::Language l = CLD2::ExtDetectLanguageSummaryCheckUTF8(t, n, true, &hints, 0, l3, p3, s3, NULL, &text_bytes,
                                                               &reliable, &valid);
    code[0] = '\0';
    *percent = 0;
    if (l == CLD2::UNKNOWN_LANGUAGE || l == CLD2::TG_UNKNOWN_LANGUAGE || !reliable || valid < n) return 0;
    const char *c = CLD2::LanguageCode(l);
    if (!c || !*c || std::strlen(c) >= cap) return 0;
    std::memcpy(code, c, std::strlen(c) + 1);
    *percent = l3[0] == l ? p3[0] : 0;
    return 1;
}
