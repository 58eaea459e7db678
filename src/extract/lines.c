/* lines.c -- tests on the text of one line (a block's collapsed text):
 * bylines and datelines, symbol-only lines and counts, picture credits,
 * lines about the site, sentence ends, stop-word density. The residual
 * passes (residual.c) and the page check (choose.c) read them; the words
 * they look for are lexicon.c's.
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "extract/lines.h"

/* Normalised equality of two texts (whitespace runs are one space). */
int wn_same_text(const char *a, const char *b) {
    while (*a == ' ') a++;
    while (*b == ' ') b++;
    while (*a && *b) {
        if (*a == ' ' || *b == ' ') {
            if (*a != ' ' || *b != ' ') return 0;
            while (*a == ' ') a++;
            while (*b == ' ') b++;
            continue;
        }
        if (*a != *b) return 0;
        a++;
        b++;
    }
    while (*a == ' ') a++;
    while (*b == ' ') b++;
    return !*a && !*b;
}

/* Nonzero if `t` is the title or the title begins with it (or vice versa),
 * compared without case. */
int wn_like_title(const char *t, const char *title) {
    if (!title || !*title || !*t) return 0;
    size_t a = strlen(t), b = strlen(title);
    if (a == b) return !strcasecmp(t, title);
    if (a > b) return b >= 12 && !strncasecmp(t, title, b);
    return a >= 12 && !strncasecmp(t, title, a);
}

/* Nonzero if the word w[0..l) starts with a month name the byline test
 * knows (lexicon.c, WN_MONTH_BYLINE). */
static int month_word(const char *w, size_t l) {
    if (l < 3) return 0;
    for (const wn_month_t *m = wn_lex_months; m->prefix; m++) {
        if (!(m->use & WN_MONTH_BYLINE)) continue;
        if (((unsigned char)m->prefix[0] | 0x20) != ((unsigned char)w[0] | 0x20)) continue; /* cheap first test */
        size_t ml = strlen(m->prefix);
        if (l >= ml && !strncasecmp(w, m->prefix, ml)) return 1;
    }
    return 0;
}

/* Nonzero if w[0..l) is a numeric date: day.month.year, month/day/year or
 * year-month-day (1-2 digit day and month, 2 or 4 digit year), maybe
 * followed by punctuation or an ISO time ("2019-05-12T09:30"), maybe after
 * a label without a blank; or a span of years ("2001-2024"). A phone
 * number ("158-23-2012") or a postcode is not one. */
static int numeric_date(const char *w, size_t l) {
    size_t g[3] = {0, 0, 0}, k = 0, i = 0;
    char sep = 0;
    while (i < l && !isdigit((unsigned char)w[i])) i++; /* a label glued on: "时间：2017-03-10" */
    while (i < l && k < 3) {
        size_t st = i;
        while (i < l && isdigit((unsigned char)w[i])) i++;
        g[k++] = i - st;
        if (i - st == 0) return 0;
        if (k == 3 || i >= l) break;
        if ((w[i] != '.' && w[i] != '/' && w[i] != '-') || i + 1 >= l || !isdigit((unsigned char)w[i + 1]))
            break;
        if (sep && w[i] != sep) return 0;
        sep = w[i++];
    }
    if (k == 2 && g[0] == 4 && g[1] == 4 && sep == '-') return 1; /* a span of years: "2001-2024" */
    if (k != 3) return 0;
    if (i < l && w[i] != 'T' && isalnum((unsigned char)w[i])) return 0;
    return (g[0] <= 2 && g[1] <= 2 && (g[2] == 2 || g[2] == 4)) || (g[0] == 4 && g[1] <= 2 && g[2] <= 2);
}

/* A byline or dateline: a short line with a date ("12.03.2024", "3 de mayo
 * de 2025", "Mar 8, 2025") or a "By ..." lead-in. News pages put one above
 * or below nearly every article; it is metadata, not text. */
int wn_line_byline(const char *s, size_t n, int dated_labels) {
    if (n == 0 || n > 320) return 0;
    /* reading time: "5 min read", "Lesezeit 4 Minuten" */
    if (n < 80)
        for (int k = 0; wn_lex_read_time[k]; k++)
            if (memmem(s, n, wn_lex_read_time[k], strlen(wn_lex_read_time[k]))) return 1;
    /* "记者 林涛" (a reporter's name alone), "김민수 기자 minsu@...", "2024年2月15日" */
    if (n < 40 && (!strncmp(s, "记者", 6) || !strncmp(s, "記者", 6))) return 1;
    if (memmem(s, n, "\xea\xb8\xb0\xec\x9e\x90", 6) && memchr(s, '@', n)) return 1;
    if (memmem(s, n, "\xe5\xb9\xb4", 3) && memmem(s, n, "\xe6\x9c\x88", 3) && n < 80) {
        int dig = 0;
        for (size_t k = 0; k < n; k++)
            if (isdigit((unsigned char)s[k])) dig++;
        if (dig >= 4) return 1;
    }
    int words = 0, year = 0, numdate = 0, month = 0, day = 0;
    for (size_t i = 0; i < n;) {
        while (i < n && s[i] == ' ') i++;
        size_t j = i;
        while (j < n && s[j] != ' ') j++;
        if (j > i) {
            words++;
            if (words > 16) return 0; /* the answer below for so many words */
            const char *w = s + i;
            size_t l = j - i;
            size_t digits = 0;
            for (size_t k = 0; k < l; k++)
                if (isdigit((unsigned char)w[k])) digits++;
            if (digits == 4 && l <= 5 && (!strncmp(w, "19", 2) || !strncmp(w, "20", 2))) year = 1;
            else if (digits >= 1 && digits <= 2 && l <= 4) day = 1;
            if (digits >= 6 && numeric_date(w, l)) {
                numdate = 1;
                year = 1;
            }
            if (isalpha((unsigned char)w[0]) || (unsigned char)w[0] >= 0x80)
                if (month_word(w, l)) month = 1;
        }
        i = j;
    }
    /* relative dates and view counters: "Asked 8 months ago", "Viewed 2k times" */
    if (n < 40) {
        int digit = 0;
        for (size_t k = 0; k < n; k++)
            if (isdigit((unsigned char)s[k])) digit = 1;
        if (digit && (memmem(s, n, " ago", 4) || memmem(s, n, " times", 6) || memmem(s, n, " views", 6) ||
                      memmem(s, n, "Aufrufe", 7)))
            return 1;
    }
    /* a dateline on its own: "Brussels CNN —", "WASHINGTON (AP) -" */
    {
        size_t e = n;
        while (e && (s[e - 1] == ' ' || (e >= 2 && (unsigned char)s[e - 2] == 0xC2 && (unsigned char)s[e - 1] == 0xA0)))
            e -= s[e - 1] == ' ' ? 1 : 2;
        int dash = (e >= 3 && (!memcmp(s + e - 3, "\xe2\x80\x94", 3) || !memcmp(s + e - 3, "\xe2\x80\x93", 3))) ||
                   (e >= 1 && s[e - 1] == '-');
        if (dash && words <= 5 && e < 40) return 1;
    }
    if (words > 16) return 0;
    if (words >= 8 && s[n - 1] == '.' && !memmem(s, n, "\xc2\xa9", 2)) {
        /* two sentences are text, not a dateline ("Am 5. November 2021 wird
         * sie 100 Jahre alt. Herzlichen Glückwunsch."); a copyright line is not */
        for (size_t k = 2; k + 1 < n; k++)
            if ((s[k] == '.' || s[k] == '!') && s[k + 1] == ' ' && isalpha((unsigned char)s[k - 1]) &&
                isalpha((unsigned char)s[k - 2]))
                return 0;
    }
    /* "Deadline: 03.11.2019", "Termin: 29.02.2020, 19 Uhr": a short line of
     * a label and a date of the article's subject (the byline labels are
     * lead-ins below) */
    int labelled = 0;
    if (dated_labels) {
        /* labels that do date or credit the page itself */
        size_t k = 0;
        while (k < n && k < 24 && (isalpha((unsigned char)s[k]) || (unsigned char)s[k] >= 0x80)) k++;
        labelled = k >= 3 && k < n && s[k] == ':' && words <= 5 && !memchr(s, '|', n);
        for (int w = 0; labelled && wn_lex_own_date[w]; w++)
            if (strlen(wn_lex_own_date[w]) == k && !strncasecmp(s, wn_lex_own_date[w], k)) labelled = 0;
    }
    if (words <= 14 && (numdate || (year && month && day)) && !labelled) return 1;
    for (const wn_lead_t *ld = wn_lex_leads; ld->text; ld++)
        if ((ld->use & WN_LEAD_LINE) && (!ld->text[0] || ld->text[0] == s[0]) &&
            !strncmp(s, ld->text, strlen(ld->text)) && words <= 16)
            return 1;
    return 0;
}

/* Nonzero if s[0..n) has no letter or digit at all ("💡", "* * *"). */
int wn_line_symbols(const char *s, size_t n) {
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (isalnum(c)) return 0;
        /* non-ASCII below the symbol blocks (U+2000) counts as a letter */
        if (c >= 0xC2 && c < 0xE2) return 0;
        if (c >= 0xE3 && c <= 0xED) return 0; /* CJK, hangul, ... */
    }
    return 1;
}

/* Nonzero for a short count with no words: "14", "1.2K", "(3)" -- votes,
 * claps, share counts. */
int wn_line_count(const char *s, size_t n) {
    if (n == 0 || n > 12) return 0;
    int digits = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (isdigit(c)) digits++;
        else if (isalpha(c) && !(i == n - 1 && (c == 'K' || c == 'k' || c == 'M'))) return 0;
        else if (c >= 0x80) return 0;
    }
    return digits > 0;
}

int wn_line_ends_sentence(const char *s, size_t n) {
    while (n && (s[n - 1] == ' ' || s[n - 1] == '"' || s[n - 1] == ')')) n--;
    if (!n) return 0;
    char c = s[n - 1];
    if (c == '.' || c == '!' || c == '?' || c == ':' || c == ';') return 1;
    return n >= 3 && ((unsigned char)s[n - 3] == 0xE3 && (unsigned char)s[n - 2] == 0x80 &&
                      (unsigned char)s[n - 1] == 0x82); /* 。 */
}

/* Number of blank-separated words in s[0..n). */
int wn_line_words(const char *s, size_t n) {
    int w = 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && (i == 0 || s[i - 1] == ' ')) w++;
    return w;
}

/* Nonzero if s[0..n) is a picture's caption or credit line: it names a
 * photographer or an image source ("Foto: A. Example", "(Credit: ...)",
 * "© Agency") or numbers a figure ("Abbildung 4: ...", "Fig. 2:"). */
/* `set`: wn_lex_credit_marks as a wn_substrset_t, or NULL; s is NUL-terminated. */
int wn_line_credit(const char *s, size_t n, const wn_substrset_t *set) {
    if (n == 0 || n >= 300) return 0;
    if (memchr(s, ':', n) && wn_substrset_in(set, wn_lex_credit_marks, s)) return 1;
    /* "©" opening a word: "© Agency", "(© Agency)"; not "manifesto™©" */
    for (const char *c = s; (c = memmem(c, n - (size_t)(c - s), "\xc2\xa9", 2)) != NULL; c += 2)
        if (c == s || c[-1] == ' ' || c[-1] == '(' || c[-1] == ',') return 1;
    const char *const *fig = wn_lex_figure;
    for (int k = 0; fig[k]; k++) {
        size_t fl = strlen(fig[k]);
        if (n > fl + 2 && !strncmp(s, fig[k], fl) && isdigit((unsigned char)s[fl])) {
            size_t e = fl;
            while (e < n && isdigit((unsigned char)s[e])) e++;
            if (e < n && s[e] == ':') return 1;
        }
    }
    return 0;
}

/* Nonzero if s (NUL-terminated) speaks of the site rather than of the
 * article's subject: its comments ("Leave a comment", "Kommentar
 * verfassen", "3 commentaires"), newsletter, cookies, privacy or legal
 * pages, subscriptions, copyright. The singular English "comment" is left
 * out: "declined to comment" is news text. Callers keep to short lines (14
 * words at most): a sentence about these is text. */
/* `set`: wn_lex_site_words as a case-insensitive wn_substrset_t, or NULL. */
int wn_line_about_site(const char *s, const wn_substrset_t *set) {
    if (set) return wn_substrset_in(set, wn_lex_site_words, s);
    for (int k = 0; wn_lex_site_words[k]; k++)
        if (wn_ci_contains(s, wn_lex_site_words[k])) return 1;
    return 0;
}

/* Fraction of the words of s[0..n) that are stop words (ASCII-lowercased). */
double wn_stop_density(const char *s, size_t n, int *words_out, const wn_wordset_t *stop) {
    int words = 0, stops = 0;
    size_t i = 0;
    while (i < n) {
        while (i < n && (isspace((unsigned char)s[i]) || (ispunct((unsigned char)s[i])))) i++;
        size_t j = i;
        while (j < n && !isspace((unsigned char)s[j]) && !ispunct((unsigned char)s[j])) j++;
        if (j > i) {
            words++;
            char w[32];
            size_t l = j - i;
            if (l < sizeof w) {
                for (size_t k = 0; k < l; k++) w[k] = (char)tolower((unsigned char)s[i + k]);
                w[l] = '\0';
                if (wn_wordset_in(stop, wn_lex_stopwords, w, l)) stops++;
            }
        }
        i = j;
    }
    *words_out = words;
    return words ? (double)stops / words : 0.0;
}
