// SPDX-License-Identifier: GPL-2.0
/*
 * search_efficiency: how fast each search method finds a good knob set.
 * Runs pg, random, greedy (in-process, through the search engine) and
 * Optuna's TPE (tools/optuna-tpe) on the objectives of eff_objective.h,
 * each with seeds 0..N-1, and prints per objective and budget the median
 * number of evaluations until the method's answer (its incumbent) is
 * within 1 % of the optimum, and the median regret of its answer when the
 * budget is spent, in % of the optimum.
 *
 * A method's run does not depend on its budget (no method schedules by
 * it), so each (method, seed) runs once at the largest budget and is read
 * at every smaller one: the same as separate runs, for a third of the
 * time.
 *
 * --eval-batch OBJECTIVE --seed S is the evaluator the TPE adapter
 * calls: knob sets (20 chars of 0/1) on stdin, noisy values on stdout.
 */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "eff_objective.h"
#include "eff_run.h"
#include "eff_table.h"
#include "sh_quote.h"

#define MAX_LIST  8
#define MAX_SEEDS 200
#define WITHIN	  0.01 /* "reached": within 1 % of the optimum */

static const char help[] =
	"Usage: search_efficiency [OPTIONS]\n"
	"       search_efficiency --eval-batch OBJECTIVE --seed S [--table F]\n"
	"\n"
	"Run the knob-search methods on benchmark objectives and print, per\n"
	"objective and budget, the median evaluations until a method's answer\n"
	"is within 1% of the optimum (and how many seeds got there) and its\n"
	"median final regret in % of the optimum.\n"
	"\n"
	"  --objectives LIST  separable,pairs,noisy,table-tg,table-pp\n"
	"                     (default separable,pairs,noisy,table-tg)\n"
	"  --methods LIST     pg,random,greedy,tpe,tpe-mv (default all);\n"
	"                     tpe-mv: TPE with --multivariate\n"
	"  --budgets LIST     evaluations (default 25,50,100; at most 1000)\n"
	"  --seeds N          seeds 0..N-1 (default 10)\n"
	"  --table FILE       the response table for table-* objectives\n"
	"                     (default bench/data/response-tiny-tcg.txt)\n"
	"  --tpe CMD          the TPE adapter (default tools/optuna-tpe)\n"
	"  --tpe-args ARGS    extra arguments for the adapter\n"
	"  --eval-batch OBJ   be the evaluator for OBJ with --seed S\n"
	"  --seed S           the evaluator's seed\n"
	"  -h, --help         this help\n"
	"\n"
	"Exit status: 0 done, 1 failed, 2 bad usage.\n";

struct opts {
	enum eff_kind objectives[MAX_LIST];
	int n_obj;
	char methods[MAX_LIST][16];
	int n_methods;
	int budgets[MAX_LIST];
	int n_budgets;
	int seeds;
	const char *table;
	const char *tpe;
	const char *tpe_args;
	const char *eval_batch;
	unsigned long seed;
};

/* Results of one objective: [method][budget][seed]. */
struct cell {
	int evals[MAX_SEEDS]; /* budget + 1 when never reached */
	double regret[MAX_SEEDS];
};

static int usage_error(const char *what, const char *arg)
{
	fprintf(stderr, "search_efficiency: %s%s\n", what, arg);
	fputs("Try 'search_efficiency --help'.\n", stderr);
	return 2;
}

/* Split a comma list into up to MAX_LIST items; their count or -1. */
static int split(const char *s, char out[MAX_LIST][16])
{
	int n = 0;

	while (*s) {
		size_t len = strcspn(s, ",");

		if (!len || len >= 16 || n == MAX_LIST)
			return -1;
		memcpy(out[n], s, len);
		out[n++][len] = '\0';
		s += len;
		if (*s == ',')
			s++;
	}
	return n;
}

static int parse(int argc, char **argv, struct opts *o)
{
	static const struct option lo[] = {
		{"objectives", required_argument, NULL, 'o'},
		{"methods", required_argument, NULL, 'm'},
		{"budgets", required_argument, NULL, 'b'},
		{"seeds", required_argument, NULL, 'n'},
		{"table", required_argument, NULL, 't'},
		{"tpe", required_argument, NULL, 'T'},
		{"tpe-args", required_argument, NULL, 'A'},
		{"eval-batch", required_argument, NULL, 'e'},
		{"seed", required_argument, NULL, 's'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	char list[MAX_LIST][16], *end;
	int c, i, n;

	memset(o, 0, sizeof(*o));
	o->n_obj = 4;
	for (i = 0; i < 4; i++)
		o->objectives[i] = (enum eff_kind)i;
	o->objectives[3] = EFF_TABLE_TG;
	n = split("pg,random,greedy,tpe,tpe-mv", o->methods);
	o->n_methods = n;
	o->budgets[0] = 25, o->budgets[1] = 50, o->budgets[2] = 100;
	o->n_budgets = 3;
	o->seeds = 10;
	o->table = "bench/data/response-tiny-tcg.txt";
	o->tpe = "tools/optuna-tpe";
	o->tpe_args = "";
	while ((c = getopt_long(argc, argv, "h", lo, NULL)) != -1) {
		switch (c) {
		case 'o':
			n = split(optarg, list);
			if (n < 1)
				return usage_error("--objectives: bad list ",
						   optarg);
			for (i = 0; i < n; i++)
				if (eff_kind_parse(list[i], &o->objectives[i]))
					return usage_error(
						"--objectives: unknown ",
						list[i]);
			o->n_obj = n;
			break;
		case 'm':
			n = split(optarg, o->methods);
			if (n < 1)
				return usage_error("--methods: bad list ",
						   optarg);
			for (i = 0; i < n; i++)
				if (strcmp(o->methods[i], "pg") &&
				    strcmp(o->methods[i], "random") &&
				    strcmp(o->methods[i], "greedy") &&
				    strcmp(o->methods[i], "tpe") &&
				    strcmp(o->methods[i], "tpe-mv"))
					return usage_error(
						"--methods: unknown ",
						o->methods[i]);
			o->n_methods = n;
			break;
		case 'b':
			n = split(optarg, list);
			if (n < 1)
				return usage_error("--budgets: bad list ",
						   optarg);
			for (i = 0; i < n; i++) {
				long v = strtol(list[i], &end, 10);

				if (*end || v < 1 || v > EFF_MAX_BUDGET)
					return usage_error(
						"--budgets: expected 1..1000: ",
						list[i]);
				o->budgets[i] = (int)v;
			}
			o->n_budgets = n;
			break;
		case 'n':
			o->seeds = (int)strtol(optarg, &end, 10);
			if (*end || o->seeds < 1 || o->seeds > MAX_SEEDS)
				return usage_error("--seeds: expected 1..200: ",
						   optarg);
			break;
		case 't':
			o->table = optarg;
			break;
		case 'T':
			o->tpe = optarg;
			break;
		case 'A':
			o->tpe_args = optarg;
			break;
		case 'e':
			o->eval_batch = optarg;
			break;
		case 's':
			o->seed = strtoul(optarg, &end, 10);
			if (*end || optarg[0] == '-')
				return usage_error("--seed: expected a "
						   "non-negative integer: ",
						   optarg);
			break;
		case 'h':
			fputs(help, stdout);
			exit(0);
		default:
			return usage_error("bad option", "");
		}
	}
	if (optind < argc)
		return usage_error("unexpected argument ", argv[optind]);
	return 0;
}

/* The objective of kind for seed (table kinds: the same for all seeds). */
static int objective(enum eff_kind k, unsigned long seed, const char *table,
		     struct eff_objective *o, struct eff_table_fit *fit)
{
	char err[512];
	struct eff_table_fit dummy;

	if (!eff_kind_is_table(k)) {
		eff_objective_synthetic(k, seed, o);
		return 0;
	}
	if (eff_table_objective(table, k, o, fit ? fit : &dummy, err,
				sizeof(err))) {
		fprintf(stderr, "search_efficiency: %s\n", err);
		return -1;
	}
	return 0;
}

static int eval_batch(const struct opts *op)
{
	struct eff_objective o;
	enum eff_kind k;
	gsl_rng *noise;
	char line[256];
	bool x[EFF_D];
	int i;

	if (eff_kind_parse(op->eval_batch, &k))
		return usage_error("--eval-batch: unknown objective ",
				   op->eval_batch);
	if (objective(k, op->seed, op->table, &o, NULL))
		return 1;
	noise = gsl_rng_alloc(gsl_rng_mt19937);
	if (!noise)
		return 1;
	gsl_rng_set(noise, eff_noise_seed(op->seed));
	while (fgets(line, sizeof(line), stdin)) {
		for (i = 0; i < EFF_D; i++) {
			if (line[i] != '0' && line[i] != '1') {
				fprintf(stderr,
					"search_efficiency: expected %d "
					"chars of 0/1, got '%.40s'\n",
					EFF_D, line);
				gsl_rng_free(noise);
				return 1;
			}
			x[i] = line[i] == '1';
		}
		printf("%.17g\n", eff_sample(&o, x, noise));
		fflush(stdout);
	}
	gsl_rng_free(noise);
	return 0;
}

static int run_method(const struct opts *op, const char *method,
		      enum eff_kind k, const struct eff_objective *o,
		      unsigned long seed, int budget, double *inc)
{
	char err[1024], self[1024], qself[2100], qtpe[2100], qtab[2100];
	char cmd[8192];
	ssize_t len;

	if (strncmp(method, "tpe", 3)) {
		if (eff_run_engine(method, o, seed, budget, inc, err,
				   sizeof(err)) == 0)
			return 0;
		fprintf(stderr, "search_efficiency: %s: %s\n", method, err);
		return -1;
	}
	len = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (len < 0) {
		perror("search_efficiency: /proc/self/exe");
		return -1;
	}
	self[len] = '\0';
	if (fs_sh_quote(self, qself, sizeof(qself)) ||
	    fs_sh_quote(op->tpe, qtpe, sizeof(qtpe)) ||
	    fs_sh_quote(op->table, qtab, sizeof(qtab))) {
		fprintf(stderr,
			"search_efficiency: a path too long to quote\n");
		return -1;
	}
	snprintf(cmd, sizeof(cmd),
		 "%s --budget %d --seed %lu %s %s -- %s --eval-batch %s "
		 "--seed %lu --table %s",
		 qtpe, budget, seed,
		 strcmp(method, "tpe-mv") ? "" : "--multivariate", op->tpe_args,
		 qself, eff_kind_name(k), seed, qtab);
	if (eff_run_tpe(cmd, o, budget, inc, err, sizeof(err)) == 0)
		return 0;
	fprintf(stderr, "search_efficiency: %s: %s\n", method, err);
	return -1;
}

static int cmp_int(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

static int cmp_dbl(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double median_dbl(const double *v, int n)
{
	double s[MAX_SEEDS];

	memcpy(s, v, n * sizeof(*s));
	qsort(s, n, sizeof(*s), cmp_dbl);
	return n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

/* Median evaluations; INFINITY when the median run never got there. */
static double median_evals(const int *v, int n, int budget, int *reached)
{
	int s[MAX_SEEDS], i;

	memcpy(s, v, n * sizeof(*s));
	qsort(s, n, sizeof(*s), cmp_int);
	for (*reached = 0, i = 0; i < n; i++)
		*reached += s[i] <= budget;
	if (s[n / 2] > budget)
		return INFINITY;
	return n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2.0;
}

static void header(const struct opts *op, const char *what)
{
	int m;

	printf("\n%s\n\n| objective | budget |", what);
	for (m = 0; m < op->n_methods; m++)
		printf(" %s |", op->methods[m]);
	printf("\n|---|---:|");
	for (m = 0; m < op->n_methods; m++)
		printf("---:|");
	printf("\n");
}

/* Both tables; best value of each row in bold (ties too). */
static void report(const struct opts *op,
		   struct cell (*res)[MAX_LIST][MAX_LIST])
{
	int j, b, m, r;

	header(op, "Median evaluations until the answer is within 1% of the "
		   "optimum (seeds that got there):");
	for (j = 0; j < op->n_obj; j++)
		for (b = 0; b < op->n_budgets; b++) {
			double med[MAX_LIST], best = INFINITY;
			int reached[MAX_LIST], best_r = -1;

			for (m = 0; m < op->n_methods; m++) {
				med[m] = median_evals(res[j][m][b].evals,
						      op->seeds, op->budgets[b],
						      &reached[m]);
				if (med[m] < best ||
				    (med[m] == best && reached[m] > best_r)) {
					best = med[m];
					best_r = reached[m];
				}
			}
			printf("| %s | %d |", eff_kind_name(op->objectives[j]),
			       op->budgets[b]);
			for (m = 0; m < op->n_methods; m++) {
				const char *bo =
					med[m] == best && reached[m] == best_r
						? "**"
						: "";
				char v[32];

				if (isinf(med[m]))
					snprintf(v, sizeof(v), ">%d",
						 op->budgets[b]);
				else
					snprintf(v, sizeof(v), "%g", med[m]);
				printf(" %s%s (%d/%d)%s |", bo, v, reached[m],
				       op->seeds, bo);
			}
			printf("\n");
		}
	header(op, "Median regret of the answer when the budget is spent, "
		   "% of the optimum:");
	for (j = 0; j < op->n_obj; j++)
		for (b = 0; b < op->n_budgets; b++) {
			double med[MAX_LIST], best = INFINITY;

			for (m = 0; m < op->n_methods; m++) {
				med[m] = median_dbl(res[j][m][b].regret,
						    op->seeds);
				if (med[m] < best)
					best = med[m];
			}
			printf("| %s | %d |", eff_kind_name(op->objectives[j]),
			       op->budgets[b]);
			for (m = 0; m < op->n_methods; m++) {
				r = med[m] <= best + 1e-12;
				printf(" %s%.2f%s |", r ? "**" : "", med[m],
				       r ? "**" : "");
			}
			printf("\n");
		}
}

static void describe(enum eff_kind k, const struct eff_objective *o,
		     const struct eff_table_fit *fit)
{
	int i;

	if (!eff_kind_is_table(k))
		return;
	printf("%s: %d runs (%d failed), %d distinct sets; base %.3f, "
	       "optimum %.3f (+%.1f%%), noise sd %.3f (%s; residual sd "
	       "%.3f)\n  gains:",
	       eff_kind_name(k), fit->runs, fit->failed, fit->distinct, o->base,
	       o->opt_value, 100 * (o->opt_value / o->base - 1), o->noise_sd,
	       fit->repeat_dof < 3 ? "the fit's residual" : "repeated sets",
	       fit->residual_sd);
	for (i = 0; i < EFF_D; i++)
		printf(" %+.3f", o->a[i]);
	printf("\n");
}

int main(int argc, char **argv)
{
	struct opts op;
	struct cell(*res)[MAX_LIST][MAX_LIST];
	static double inc[EFF_MAX_BUDGET];
	int ret = parse(argc, argv, &op), j, m, b, s, maxb = 0;

	if (ret)
		return ret;
	if (op.eval_batch)
		return eval_batch(&op);
	for (b = 0; b < op.n_budgets; b++)
		if (op.budgets[b] > maxb)
			maxb = op.budgets[b];
	res = calloc(MAX_LIST, sizeof(*res));
	if (!res)
		return 1;
	printf("search_efficiency: %d seeds, budgets", op.seeds);
	for (b = 0; b < op.n_budgets; b++)
		printf(" %d", op.budgets[b]);
	printf("; answer = the engine's incumbent (pg, random, greedy), "
	       "the best observed trial (tpe, tpe-mv)\n");
	for (j = 0; j < op.n_obj; j++) {
		enum eff_kind k = op.objectives[j];

		for (s = 0; s < op.seeds; s++) {
			struct eff_objective o;
			struct eff_table_fit fit;

			if (objective(k, s, op.table, &o, &fit))
				goto fail;
			if (s == 0)
				describe(k, &o, &fit);
			for (m = 0; m < op.n_methods; m++) {
				if (run_method(&op, op.methods[m], k, &o, s,
					       maxb, inc))
					goto fail;
				for (b = 0; b < op.n_budgets; b++) {
					struct cell *c = &res[j][m][b];
					int B = op.budgets[b], n;
					double tol = WITHIN * fabs(o.opt_value);

					for (n = 0; n < B; n++)
						if (inc[n] >= o.opt_value - tol)
							break;
					c->evals[s] = n + 1;
					c->regret[s] =
						100 *
						(o.opt_value - inc[B - 1]) /
						fabs(o.opt_value);
				}
			}
		}
	}
	report(&op, res);
	free(res);
	return 0;
fail:
	free(res);
	return 1;
}
