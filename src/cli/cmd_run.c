/* cmd_run.c -- `winnow run [SRC...]` / `winnow run --fetch URLS`: the
 * whole stage on one machine.
 *
 * Reads pipeline.conf (flags override it), writes the effective
 * configuration to a private temporary file, and starts, as children of
 * this process (forks that run the command without exec): one sink, one source --
 * `winnow replay` over the sources, or `winnow fetch` over a URL list --
 * and `workers` workers. A worker (or the sink) that dies is started
 * again, at most MAX_RESTARTS times per minute. The run ends when the
 * source ends -- which is when every record is acknowledged, i.e.
 * written -- then stops the workers and the sink with SIGTERM and prints
 * the accounting the source wrote to its --report-fd pipe:
 *
 *     read N = ok M + error E (skipped K non-page records)
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/pipe_common.h"
#include "winnow/config.h"

#define MAX_WORKERS 256
#define MAX_SOURCES 1024
#define RESTART_WINDOW_MS 60000

typedef struct run {
    wn_config_t cfg;
    char conf[256];  /* the effective configuration: sink and source */
    char wconf[256]; /* the same for the workers started here (local endpoints) */
    char dir[64];
    int max_restarts;
    int quiet, verbose;
    const char *fetch;   /* --fetch URLS-FILE: the source is `winnow fetch` (NULL: replay) */
    const char *srcname; /* "replay" or "fetch", for messages */
    const char *sources, *sources_base; /* --sources FILE [--sources-base URL], for replay */
    pid_t sink, replay, workers[MAX_WORKERS]; /* replay: the source child, replay or fetch */
    int ctl;          /* write end of the source's --control-fd pipe: "lost host/pid" lines */
    int interrupted;  /* the signal that stopped the run, 0 if none */
    int sink_failed;  /* the sink exited 3: its output cannot be written */
    int64_t restarts_at[64]; /* ring of recent restart times */
    unsigned nrestarts, restarts_total;
    unsigned restarts_sink, lost_workers; /* of restarts_total: the sink's; workers that died */
    cli_stats_t stats;                    /* [pipeline] stats */
} run_t;

static int run_flag(void *ud, const char *flag, const char *val) {
    run_t *r = ud;
    if (!strcmp(flag, "--help")) {
        printf("usage: winnow run [--config FILE] [-o section.key=value] [--workers N] [--output PATH]\n"
               "                  [--format jsonl|wet] [--max-restarts N] [-q]\n"
               "                  [--sources FILE [--sources-base URL]]\n"
               "                  [SRC... | --fetch URLS-FILE]\n"
               "Starts a sink, N workers and a replay of SRC (default: [pipeline] sources) or,\n"
               "with --fetch, a `winnow fetch` of the URLs in URLS-FILE ('-': stdin); restarts\n"
               "workers that die, and ends when every record is accounted for.\n"
               "Reads ./pipeline.conf when --config is not given. See winnow-run(1).\n");
        return 1;
    }
    if (!strcmp(flag, "--fetch")) {
        if (!val || !*val) {
            fprintf(stderr, "winnow run: --fetch needs a file of URLs ('-' for stdin)\n");
            return -1;
        }
        r->fetch = val;
        return 2;
    }
    if (!strcmp(flag, "-v") || !strcmp(flag, "--verbose")) {
        r->verbose = 1;
        return 1;
    }
    if (!strcmp(flag, "-q") || !strcmp(flag, "--quiet")) {
        r->quiet = 1;
        return 1;
    }
    if (!strcmp(flag, "--sources") || !strcmp(flag, "--sources-base")) { /* passed on to replay */
        if (!val || !*val) {
            fprintf(stderr, "winnow run: %s needs a value\n", flag);
            return -1;
        }
        *(!strcmp(flag, "--sources") ? &r->sources : &r->sources_base) = val;
        return 2;
    }
    if (!strcmp(flag, "--max-restarts")) {
        char *end = NULL;
        long v = val ? strtol(val, &end, 10) : -1;
        if (!val || *end || v < 0 || v > 64) {
            fprintf(stderr, "winnow run: --max-restarts needs a number 0..64\n");
            return -1;
        }
        r->max_restarts = (int)v;
        return 2;
    }
    return 0;
}

/* Removes the private directory and what run puts in it. */
static void remove_dir(const char *dir) {
    static const char *const names[] = {"tasks", "results", "acks", "pipeline.conf", "worker.conf"};
    if (!dir[0]) return;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char p[320];
        snprintf(p, sizeof p, "%s/%s", dir, names[i]);
        unlink(p);
    }
    rmdir(dir);
}

/* Starts `winnow ROLE --config conf [extra...]` as a child; returns its
 * pid or -1. The child is a fork of this process that runs the command's
 * function directly, without exec: this process has loaded everything the
 * command needs and holds no threads, sockets or ZeroMQ context yet, and an
 * exec of the binary would load its ~50 shared libraries again -- ~5 ms of
 * CPU per child, at the start of every run and every restart (see
 * docs/performance.md). The child is named winnow-ROLE (ps -o comm, top);
 * its /proc/PID/cmdline stays that of `winnow run`. */
static pid_t spawn(run_t *r, const char *role, const char *const *extra, size_t nextra, int keep_fd, int keep_fd2) {
    static const struct {
        const char *role;
        int (*fn)(int, char **);
    } roles[] = {{"worker", cmd_worker}, {"sink", cmd_sink}, {"replay", cmd_replay}, {"fetch", cmd_fetch}};
    int (*fn)(int, char **) = NULL;
    for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++)
        if (!strcmp(role, roles[i].role)) fn = roles[i].fn;
    if (!fn) return -1;
    char *argv[MAX_SOURCES + 16];
    int n = 0;
    argv[n++] = (char *)role;
    argv[n++] = (char *)"--config";
    argv[n++] = strcmp(role, "worker") ? r->conf : r->wconf;
    for (size_t i = 0; i < nextra && (size_t)n + 1 < sizeof argv / sizeof argv[0]; i++) argv[n++] = (char *)extra[i];
    argv[n] = NULL;
    fflush(NULL); /* nothing buffered here may be written twice */
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid < 0) {
        fprintf(stderr, "winnow run: fork: %s\n", strerror(errno));
        return -1;
    }
    if (pid == 0) {
        /* What exec would have done: default signal actions, and no
         * descriptors above stderr except the report pipe. */
        cli_signals_forget();
        cli_die_with_parent(parent); /* never outlive the run, even after kill -9 of it */
        for (int fd = 3; fd < 1024; fd++)
            if (fd != keep_fd && fd != keep_fd2) close(fd);
        char name[16];
        snprintf(name, sizeof name, "winnow-%s", role);
        (void)prctl(PR_SET_NAME, name, 0, 0, 0);
        cli_signals_under_run();
        int rc = fn(n, argv);
        /* A run killed with -9 cannot remove its private directory: the
         * children it leaves (they stop on their own: cli_die_with_parent)
         * do, whichever ends last. */
        if (cli_parent_gone()) remove_dir(r->dir);
        exit(rc);
    }
    return pid;
}

/* Waits (at most 2 s) until the source has bound its ipc:// tasks endpoint
 * in our directory, so that the workers connect at their first attempt
 * instead of retrying 10 ms later. Gives up early if the source has died;
 * without an ipc:// endpoint, returns at once (workers retry anyway). */
static void await_bound(const run_t *r) {
    const char *ep = r->cfg.local_tasks[0] ? r->cfg.local_tasks : r->cfg.tasks;
    if (strncmp(ep, "ipc://", 6) != 0 || r->replay <= 0) return;
    struct stat sb;
    for (int i = 0; i < 2000 && stat(ep + 6, &sb) != 0; i++) {
        siginfo_t si;
        memset(&si, 0, sizeof si);
        if (waitid(P_PID, (id_t)r->replay, &si, WEXITED | WNOHANG | WNOWAIT) != 0 || si.si_pid != 0) return;
        struct timespec ms = {0, 1000000};
        nanosleep(&ms, NULL);
    }
}

static pid_t spawn_worker(run_t *r) {
    const char *extra[] = {r->verbose ? "-v" : "-q"};
    return spawn(r, "worker", extra, r->quiet || r->verbose ? 1 : 0, -1, -1);
}

static pid_t spawn_sink(run_t *r) {
    const char *extra[] = {r->verbose ? "-v" : "-q"};
    return spawn(r, "sink", extra, r->quiet || r->verbose ? 1 : 0, -1, -1);
}

/* Writes run's own counters as Prometheus text ([pipeline] stats), at
 * every change (the children write theirs). */
static void write_stats(run_t *r) {
    if (!r->cfg.stats[0]) return;
    cli_stats_t *st = &r->stats;
    unsigned alive = 0;
    for (unsigned i = 0; i < r->cfg.workers; i++) alive += r->workers[i] > 0;
    cli_stats_begin(st, "run");
    cli_stats_type(st, "winnow_run_workers", "gauge");
    cli_stats_sample(st, "winnow_run_workers", NULL, (double)alive);
    cli_stats_type(st, "winnow_run_workers_lost_total", "counter");
    cli_stats_sample(st, "winnow_run_workers_lost_total", NULL, (double)r->lost_workers);
    cli_stats_type(st, "winnow_run_restarts_total", "counter");
    cli_stats_sample(st, "winnow_run_restarts_total", "role=\"sink\"", (double)r->restarts_sink);
    cli_stats_sample(st, "winnow_run_restarts_total", "role=\"worker\"", (double)(r->restarts_total - r->restarts_sink));
    (void)cli_stats_write(st, r->cfg.stats, "run");
}

/* Notes a restart; returns 0 if still under the rate cap, -1 if not. */
static int restart_allowed(run_t *r) {
    int64_t now = cli_now_ms();
    unsigned recent = 0;
    unsigned cap = sizeof r->restarts_at / sizeof r->restarts_at[0];
    for (unsigned i = 0; i < cap && i < r->nrestarts; i++)
        if (now - r->restarts_at[i] < RESTART_WINDOW_MS) recent++;
    if ((int)recent >= r->max_restarts) return -1;
    r->restarts_at[r->nrestarts++ % cap] = now;
    r->restarts_total++;
    return 0;
}

static void describe(pid_t pid, int status, char *out, size_t len) {
    if (WIFSIGNALED(status)) snprintf(out, len, "pid %ld killed by signal %d", (long)pid, WTERMSIG(status));
    else snprintf(out, len, "pid %ld exited with status %d", (long)pid, WEXITSTATUS(status));
}

/* Sends SIGTERM to pids[0..n) and waits up to `ms` for them, then SIGKILL. */
static void stop_all(pid_t *pids, size_t n, int ms) {
    for (size_t i = 0; i < n; i++)
        if (pids[i] > 0) kill(pids[i], SIGTERM);
    int64_t end = cli_now_ms() + ms;
    for (;;) {
        int left = 0;
        for (size_t i = 0; i < n; i++) {
            if (pids[i] <= 0) continue;
            int st;
            pid_t p = waitpid(pids[i], &st, WNOHANG);
            if (p == pids[i] || (p < 0 && errno == ECHILD)) pids[i] = 0;
            else left++;
        }
        if (!left) return;
        if (cli_now_ms() > end) break;
        struct timespec ts = {0, 2 * 1000000L}; /* children stop within milliseconds */
        nanosleep(&ts, NULL);
    }
    for (size_t i = 0; i < n; i++)
        if (pids[i] > 0) {
            fprintf(stderr, "winnow run: pid %ld did not stop; killing it\n", (long)pids[i]);
            kill(pids[i], SIGKILL);
            waitpid(pids[i], NULL, 0);
            pids[i] = 0;
        }
}

/* Writes `cfg` as INI to `path`; returns 0, or -1 after saying why. */
static int write_conf(const wn_config_t *cfg, const char *path) {
    char *ini = wn_config_to_ini(cfg);
    if (!ini) {
        fprintf(stderr, "winnow run: a configuration value cannot be written as INI\n");
        return -1;
    }
    FILE *f = fopen(path, "w");
    int bad = !f || fputs(ini, f) == EOF;
    if (f && fclose(f) != 0) bad = 1;
    if (bad) fprintf(stderr, "winnow run: %s: %s\n", path, strerror(errno));
    free(ini);
    return bad ? -1 : 0;
}

/* Tells the source (over its --control-fd pipe) that the worker with
 * process id `pid` died, so that it sends what that worker held again at
 * once instead of after deadline_ms. */
static void tell_lost(run_t *r, pid_t pid) {
    if (r->ctl < 0) return;
    char host[64] = "localhost", line[128];
    if (gethostname(host, sizeof host) != 0) snprintf(host, sizeof host, "localhost");
    host[sizeof host - 1] = '\0';
    int n = snprintf(line, sizeof line, "lost %s/%ld\n", host, (long)pid);
    if (n > 0 && write(r->ctl, line, (size_t)n) != n) { /* a full pipe: the heartbeats catch it */
    }
}

int cmd_run(int argc, char **argv) {
    run_t r;
    memset(&r, 0, sizeof r);
    r.max_restarts = 10;
    r.ctl = -1;
    const char *pos[MAX_SOURCES];
    size_t npos = 0;
    int rc = cli_parse(argc, argv, "run", "pipeline.conf", &r.cfg, run_flag, &r, pos, MAX_SOURCES, &npos, NULL);
    if (rc) return rc == 1 ? 0 : 2;
    if (r.fetch && (npos || r.sources)) {
        fprintf(stderr, "winnow run: give either SRC arguments or --fetch URLS-FILE, not both\n");
        return 2;
    }
    r.srcname = r.fetch ? "fetch" : "replay";
    if (r.cfg.workers > MAX_WORKERS) r.cfg.workers = MAX_WORKERS;

    /* The effective configuration (file + flags) goes to the children as a
     * file. A local run (the default) binds nothing but ipc:// endpoints in
     * its private directory: no TCP port, so runs on one machine never
     * collide. With remote_workers the source and the sink also bind the
     * configured endpoints, for workers on other hosts, while the workers
     * started here still use the ipc:// ones (local_tasks, local_results):
     * Unix sockets cost the machine ~3% less CPU than loopback TCP. */
    int status = 1, report[2] = {-1, -1}, ctl[2] = {-1, -1};
    snprintf(r.dir, sizeof r.dir, "/tmp/winnow-run.XXXXXX");
    if (!mkdtemp(r.dir)) {
        fprintf(stderr, "winnow run: cannot create a private directory in /tmp: %s\n", strerror(errno));
        r.dir[0] = '\0';
        return 1;
    }
    if (!r.cfg.remote_workers) {
        snprintf(r.cfg.tasks, sizeof r.cfg.tasks, "ipc://%s/tasks", r.dir);
        snprintf(r.cfg.results, sizeof r.cfg.results, "ipc://%s/results", r.dir);
        snprintf(r.cfg.acks, sizeof r.cfg.acks, "ipc://%s/acks", r.dir);
        r.cfg.local_tasks[0] = r.cfg.local_results[0] = '\0';
    } else {
        if (!r.cfg.local_tasks[0] && strncmp(r.cfg.tasks, "ipc://", 6))
            snprintf(r.cfg.local_tasks, sizeof r.cfg.local_tasks, "ipc://%s/tasks", r.dir);
        if (!r.cfg.local_results[0] && strncmp(r.cfg.results, "ipc://", 6))
            snprintf(r.cfg.local_results, sizeof r.cfg.local_results, "ipc://%s/results", r.dir);
    }
    wn_config_t wcfg = r.cfg;
    if (wcfg.local_tasks[0]) snprintf(wcfg.tasks, sizeof wcfg.tasks, "%s", wcfg.local_tasks);
    if (wcfg.local_results[0]) snprintf(wcfg.results, sizeof wcfg.results, "%s", wcfg.local_results);
    wcfg.local_tasks[0] = wcfg.local_results[0] = '\0';
    snprintf(r.conf, sizeof r.conf, "%s/pipeline.conf", r.dir);
    snprintf(r.wconf, sizeof r.wconf, "%s/worker.conf", r.dir);
    if (write_conf(&r.cfg, r.conf) != 0 || write_conf(&wcfg, r.wconf) != 0) goto out;
    /* SIGINT and SIGTERM (to run or to its whole process group) are run's
     * to handle: the children ignore SIGINT (cli_signals_under_run); run
     * stops the source, which drains what is in flight, then the rest. */
    cli_signals_install();

    if (pipe(report) != 0 || pipe2(ctl, O_CLOEXEC) != 0) {
        fprintf(stderr, "winnow run: pipe: %s\n", strerror(errno));
        goto out;
    }
    (void)fcntl(ctl[1], F_SETFL, O_NONBLOCK);
    /* Sink and source first, so that their endpoints are bound by the time
     * the workers connect (workers retry every 10 ms until then). The
     * source is `winnow replay SRC...` or `winnow fetch URLS`; both write
     * the same accounting line to --report-fd. */
    r.sink = spawn_sink(&r);
    char fdarg[16], ctlarg[16];
    snprintf(fdarg, sizeof fdarg, "%d", report[1]);
    snprintf(ctlarg, sizeof ctlarg, "%d", ctl[0]);
    const char *extra[MAX_SOURCES + 8];
    size_t ne = 0;
    extra[ne++] = "--report-fd";
    extra[ne++] = fdarg;
    extra[ne++] = "--control-fd";
    extra[ne++] = ctlarg;
    if (r.quiet) extra[ne++] = "-q";
    if (r.verbose) extra[ne++] = "-v";
    if (r.sources) extra[ne++] = "--sources", extra[ne++] = r.sources;
    if (r.sources_base) extra[ne++] = "--sources-base", extra[ne++] = r.sources_base;
    if (!r.fetch) extra[ne++] = "--resume"; /* skip what the output already holds */
    extra[ne++] = "--";
    if (r.fetch) extra[ne++] = r.fetch;
    for (size_t i = 0; i < npos; i++) extra[ne++] = pos[i];
    (void)fcntl(ctl[0], F_SETFD, 0); /* the source keeps it across... nothing: spawn does not exec */
    r.replay = spawn(&r, r.srcname, extra, ne, report[1], ctl[0]);
    close(report[1]);
    report[1] = -1;
    close(ctl[0]);
    ctl[0] = -1;
    r.ctl = ctl[1];
    await_bound(&r);
    for (unsigned i = 0; i < r.cfg.workers; i++) r.workers[i] = spawn_worker(&r);
    if (r.sink < 0 || r.replay < 0) goto stop;
    if (!r.quiet)
        fprintf(stderr, "winnow run: sink %ld, %u workers, %s %ld (tasks %s, results %s, acks %s)\n",
                (long)r.sink, r.cfg.workers, r.srcname, (long)r.replay, r.cfg.tasks, r.cfg.results, r.cfg.acks);

    write_stats(&r);
    int replay_status = -1, stopping = 0;
    while (replay_status < 0) {
        if (cli_stop_requested() && !stopping) {
            stopping = cli_stop_requested();
            r.interrupted = stopping;
            if (!r.quiet)
                fprintf(stderr, "\nwinnow run: %s: finishing the pages in flight (again to stop at once)\n",
                        stopping == SIGINT ? "interrupted" : "terminated");
            kill(r.replay, SIGTERM);
        }
        int st;
        pid_t p = waitpid(-1, &st, 0);
        if (p < 0) {
            if (errno == EINTR) continue;
            fprintf(stderr, "winnow run: waitpid: %s\n", strerror(errno));
            goto stop;
        }
        char what[96];
        describe(p, st, what, sizeof what);
        if (p == r.replay) {
            r.replay = 0;
            replay_status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
            if (WIFSIGNALED(st)) fprintf(stderr, "winnow run: %s %s\n", r.srcname, what);
            break;
        }
        int is_sink = p == r.sink;
        pid_t *slot = NULL;
        for (unsigned i = 0; i < r.cfg.workers; i++)
            if (r.workers[i] == p) slot = &r.workers[i];
        if (!is_sink && !slot) continue;
        if (is_sink) r.sink = 0;
        else *slot = 0;
        if (!is_sink) {
            tell_lost(&r, p);
            r.lost_workers++;
        }
        int crashed = WIFSIGNALED(st) || (WIFEXITED(st) && WEXITSTATUS(st) != 0);
        if (is_sink && WIFEXITED(st) && WEXITSTATUS(st) == 3) {
            /* The sink cannot write its output (another writer holds it, a
             * missing directory, a full disk): it said why. A new sink
             * would fail the same way; end the run with the summary. */
            fprintf(stderr, "winnow run: the sink cannot write %s (see above); stopping\n", r.cfg.output_path);
            r.sink_failed = 1;
            if (!stopping) kill(r.replay, SIGTERM);
            stopping = -1;
            continue;
        }
        if (stopping || !crashed) {
            if (!stopping && !r.quiet)
                fprintf(stderr, "winnow run: %s %s; not restarted (it was stopped, not crashed)\n",
                        is_sink ? "sink" : "worker", what);
            if (is_sink && !stopping) { /* nothing can be written any more */
                kill(r.replay, SIGTERM);
                stopping = -1;
            }
            continue;
        }
        if (restart_allowed(&r) != 0) {
            fprintf(stderr, "winnow run: %s %s; more than %d restarts in a minute, giving up\n",
                    is_sink ? "sink" : "worker", what, r.max_restarts);
            goto stop;
        }
        pid_t np = is_sink ? spawn_sink(&r) : spawn_worker(&r);
        fprintf(stderr, "winnow run: %s %s; restarted as pid %ld\n", is_sink ? "sink" : "worker", what, (long)np);
        if (is_sink) r.sink = np;
        else *slot = np;
        if (is_sink) r.restarts_sink++;
        write_stats(&r);
    }
    /* replay exits 0, 1 or 2; fetch also 3 (fatal) and 130 (signal) */
    status = replay_status > 2 ? 1 : replay_status;

stop:
    if (r.replay > 0) {
        pid_t one[1] = {r.replay};
        stop_all(one, 1, 10000);
    }
    {
        /* Workers and sink together: once the source has ended, every
         * record it accounted for is written and flushed, and nothing a
         * worker still sends can be acknowledged any more. */
        pid_t rest[MAX_WORKERS + 1];
        size_t nrest = 0;
        for (unsigned i = 0; i < r.cfg.workers; i++) rest[nrest++] = r.workers[i];
        rest[nrest++] = r.sink;
        stop_all(rest, nrest, 10000);
        for (unsigned i = 0; i < r.cfg.workers; i++) r.workers[i] = 0;
        write_stats(&r); /* the final counts, no worker left */
    }
    if (report[0] >= 0) {
        char buf[512];
        ssize_t got = read(report[0], buf, sizeof buf - 1);
        unsigned long long rd = 0, ok = 0, er = 0, sk = 0, inflight = 0, resent = 0, gaveup = 0, empty = 0, lsk = 0,
                           done = 0, unread = 0;
        int fields = 0;
        char more = 0;
        if (got > 0) {
            buf[got] = '\0';
            fields = sscanf(buf,
                            "read %llu ok %llu error %llu skipped %llu in_flight %llu resent %llu gave_up %llu empty %llu "
                            "lang_skipped %llu done %llu unread %llu%c",
                            &rd, &ok, &er, &sk, &inflight, &resent, &gaveup, &empty, &lsk, &done, &unread, &more);
        }
        if (fields >= 9) {
            printf("read %llu = ok %llu (%llu empty) + error %llu%s (skipped %llu %s", rd, ok, empty, er,
                   cli_lang_skipped(lsk), sk, r.fetch ? "duplicate or over-long URL lines" : "non-page records");
            if (done) printf("; %llu already in the output, skipped as done", done);
            printf(")\n");
            if (!r.quiet || r.restarts_total)
                printf("run: %u worker/sink restarts, %llu tasks resent, %llu given up, output %s\n",
                       r.restarts_total, resent, gaveup, r.cfg.output_path);
            if (r.interrupted || r.sink_failed)
                printf("%s: %llu%s not yet processed; rerun to finish\n", r.sink_failed ? "stopped" : "interrupted",
                       inflight + unread, more == '+' ? "+" : "");
            fflush(stdout);
            if (status == 0 && (inflight || rd != ok + er + lsk)) status = 1;
        } else if (status == 0) {
            status = 1;
        }
    }
    if (r.sink_failed) status = 1;
    else if (r.interrupted) status = 128 + r.interrupted; /* 130 for SIGINT, 143 for SIGTERM */
out:
    if (report[0] >= 0) close(report[0]);
    if (report[1] >= 0) close(report[1]);
    if (ctl[0] >= 0) close(ctl[0]);
    if (ctl[1] >= 0) close(ctl[1]);
    remove_dir(r.dir);
    cli_stats_free(&r.stats);
    return status;
}
