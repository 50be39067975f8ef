// SPDX-License-Identifier: GPL-2.0
/* checkpoint.yaml (checkpoint.h). */
#include "checkpoint.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "atomic_file.h"
#include "yaml_out.h"
#include "yaml_read.h"

#define VERSION 1

static void write_vars(struct fs_yaml_out *y, const char *key,
		       const struct fs_vars *v)
{
	size_t i;

	fs_yo_str(y, key);
	fs_yo_map_begin(y, false);
	for (i = 0; i < v->n; i++)
		fs_yo_kv_doubles(y, v->var[i].name, v->var[i].v, v->var[i].n);
	fs_yo_map_end(y);
}

static char *hex_of(const void *p, size_t n)
{
	static const char digits[] = "0123456789abcdef";
	const unsigned char *b = p;
	char *s = malloc(2 * n + 1);
	size_t i;

	if (!s)
		return NULL;
	for (i = 0; i < n; i++) {
		s[2 * i] = digits[b[i] >> 4];
		s[2 * i + 1] = digits[b[i] & 15];
	}
	s[2 * n] = '\0';
	return s;
}

struct checkpoint_out {
	const struct fs_checkpoint *c;
	const gsl_rng *rng;
	const char *hex;
};

static int fill_checkpoint(FILE *f, const void *arg)
{
	const struct checkpoint_out *o = arg;
	const struct fs_checkpoint *c = o->c;
	const struct fs_search_settings *s = &c->settings;
	const gsl_rng *rng = o->rng;
	struct fs_yaml_out y;

	fputs("# flashyspark search checkpoint: continue with "
	      "`flashyspark search --resume DIR`\n",
	      f);
	fs_yo_begin(&y, f);
	fs_yo_kv_long(&y, "version", VERSION);
	fs_yo_str(&y, "settings");
	fs_yo_map_begin(&y, false);
	fs_yo_kv_str(&y, "algorithm", s->algorithm);
	fs_yo_kv_str(&y, "metric", fs_metric_name(s->metric));
	fs_yo_kv_long(&y, "episodes", s->episodes);
	fs_yo_kv_long(&y, "seed", (long)s->seed);
	fs_yo_kv_str(&y, "model", s->model);
	fs_yo_kv_str(&y, "bench_cmd", s->bench_cmd);
	fs_yo_kv_long(&y, "threads", s->threads);
	fs_yo_kv_long(&y, "bench_timeout_s", s->bench_timeout_s);
	fs_yo_kv_long(&y, "retest", s->retest);
	fs_yo_kv_long(&y, "n_prompt", s->n_prompt);
	fs_yo_kv_long(&y, "n_gen", s->n_gen);
	fs_yo_kv_str(&y, "bench_args", s->bench_args);
	fs_yo_kv_bool(&y, "no_scheduler", s->no_scheduler);
	fs_yo_kv_str(&y, "scx_binary", s->scx_binary);
	fs_yo_kv_str(&y, "scenario", s->scenario);
	fs_yo_kv_str(&y, "neighbour", s->neighbour);
	fs_yo_kv_str(&y, "workload", s->workload);
	fs_yo_map_end(&y);
	fs_yo_kv_long(&y, "done", c->done);
	fs_yo_kv_double(&y, "seconds", c->seconds);
	fs_yo_str(&y, "rng");
	fs_yo_map_begin(&y, false);
	fs_yo_kv_str(&y, "type", gsl_rng_name(rng));
	fs_yo_kv_str(&y, "state", o->hex);
	fs_yo_map_end(&y);
	write_vars(&y, "engine", &c->engine);
	write_vars(&y, "policy", &c->policy);
	return fs_yo_end(&y);
}

char *fs_checkpoint_text(const struct fs_checkpoint *c, const gsl_rng *rng)
{
	struct checkpoint_out o = {.c = c, .rng = rng};
	char *hex = hex_of(gsl_rng_state(rng), gsl_rng_size(rng));
	char *text = NULL;
	size_t len;
	FILE *f;

	if (!hex)
		return NULL;
	o.hex = hex;
	f = open_memstream(&text, &len);
	if (f && (fill_checkpoint(f, &o) | fclose(f))) {
		free(text);
		text = NULL;
	}
	free(hex);
	return text;
}

int fs_checkpoint_write(const char *path, const struct fs_checkpoint *c,
			const gsl_rng *rng, char *err, size_t errlen)
{
	struct checkpoint_out o = {.c = c, .rng = rng};
	char *hex = hex_of(gsl_rng_state(rng), gsl_rng_size(rng));
	int ret;

	if (!hex) {
		snprintf(err, errlen, "%s: out of memory", path);
		return -1;
	}
	o.hex = hex;
	ret = fs_atomic_write(path, fill_checkpoint, &o, err, errlen);
	free(hex);
	return ret;
}

/* Reading. */

struct reader {
	const char *path;
	yaml_document_t *doc;
	char *err;
	size_t errlen;
};

/* FILE:LINE: what, into the reader's error; -1. */
#define fail_at(r, n, ...) \
	fs_yaml_fail_at((r)->path, (r)->err, (r)->errlen, n, __VA_ARGS__)

/* The value of key in mapping map, or NULL. */
static yaml_node_t *lookup(struct reader *r, const yaml_node_t *map,
			   const char *key)
{
	yaml_node_pair_t *p;

	if (!map || map->type != YAML_MAPPING_NODE)
		return NULL;
	for (p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top;
	     p++) {
		const char *k =
			fs_yaml_scalar(yaml_document_get_node(r->doc, p->key));

		if (k && !strcmp(k, key))
			return yaml_document_get_node(r->doc, p->value);
	}
	return NULL;
}

static int get_str(struct reader *r, const yaml_node_t *map, const char *key,
		   char *out, size_t len)
{
	const yaml_node_t *n = lookup(r, map, key);
	const char *s = fs_yaml_scalar(n);

	if (!s)
		return fail_at(r, n ? n : map, "%s: missing or not a scalar",
			       key);
	if (strlen(s) >= len)
		return fail_at(r, n, "%s: too long", key);
	strcpy(out, s);
	return 0;
}

static int parse_double(const char *s, double *v)
{
	char *end;

	errno = 0;
	*v = strtod(s, &end);
	return end == s || *end || errno == ERANGE ? -1 : 0;
}

static int get_long(struct reader *r, const yaml_node_t *map, const char *key,
		    long lo, long hi, long *out)
{
	const yaml_node_t *n = lookup(r, map, key);
	const char *s = fs_yaml_scalar(n);
	char *end;

	if (!s)
		return fail_at(r, n ? n : map, "%s: missing or not a scalar",
			       key);
	errno = 0;
	*out = strtol(s, &end, 10);
	if (end == s || *end || errno || *out < lo || *out > hi)
		return fail_at(r, n,
			       "%s: expected an integer in %ld..%ld, got '%s'",
			       key, lo, hi, s);
	return 0;
}

static int read_vars(struct reader *r, const yaml_node_t *root, const char *key,
		     struct fs_vars *out)
{
	const yaml_node_t *map = lookup(r, root, key);
	yaml_node_pair_t *p;

	if (!map || map->type != YAML_MAPPING_NODE)
		return fail_at(r, map ? map : root,
			       "%s: missing or not a mapping", key);
	for (p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top;
	     p++) {
		yaml_node_t *kn = yaml_document_get_node(r->doc, p->key);
		yaml_node_t *vn = yaml_document_get_node(r->doc, p->value);
		const char *name = fs_yaml_scalar(kn);
		yaml_node_item_t *it;
		double *v;
		size_t n = 0;
		int ret;

		if (!name || vn->type != YAML_SEQUENCE_NODE)
			return fail_at(r, kn, "%s: expected name: [numbers]",
				       key);
		v = malloc(((size_t)(vn->data.sequence.items.top -
				     vn->data.sequence.items.start) +
			    1) *
			   sizeof(*v));
		if (!v)
			return fail_at(r, vn, "%s.%s: out of memory", key,
				       name);
		for (it = vn->data.sequence.items.start;
		     it < vn->data.sequence.items.top; it++) {
			yaml_node_t *in = yaml_document_get_node(r->doc, *it);
			const char *s = fs_yaml_scalar(in);

			if (!s || parse_double(s, &v[n])) {
				free(v);
				return fail_at(r, in,
					       "%s.%s: '%s' is not a number",
					       key, name, s ? s : "?");
			}
			n++;
		}
		ret = fs_vars_put(out, name, v, n);
		free(v);
		if (ret)
			return fail_at(r, kn,
				       "%s.%s: too many vectors or bad name",
				       key, name);
	}
	return 0;
}

static int read_rng(struct reader *r, const yaml_node_t *root, gsl_rng **rng)
{
	const yaml_node_t *m = lookup(r, root, "rng");
	const yaml_node_t *sn = lookup(r, m, "state");
	char type[64];
	const char *hex = fs_yaml_scalar(sn);
	unsigned char *st;
	size_t i, size;

	if (get_str(r, m ? m : root, m ? "type" : "rng", type, sizeof(type)))
		return -1;
	if (strcmp(type, gsl_rng_mt19937->name))
		return fail_at(r, m, "rng.type: expected %s, got '%s'",
			       gsl_rng_mt19937->name, type);
	*rng = gsl_rng_alloc(gsl_rng_mt19937);
	if (!*rng)
		return fail_at(r, m, "rng: out of memory");
	size = gsl_rng_size(*rng);
	if (!hex || strlen(hex) != 2 * size)
		return fail_at(r, sn ? sn : m,
			       "rng.state: expected %zu hex digits", 2 * size);
	st = gsl_rng_state(*rng);
	for (i = 0; i < size; i++) {
		unsigned int b;

		if (sscanf(hex + 2 * i, "%2x", &b) != 1)
			return fail_at(r, sn, "rng.state: bad hex at %zu",
				       2 * i);
		st[i] = (unsigned char)b;
	}
	return 0;
}

static int read_settings(struct reader *r, const yaml_node_t *root,
			 struct fs_search_settings *s)
{
	const yaml_node_t *m = lookup(r, root, "settings");
	char metric[8], flag[8];
	long v;

	if (!m || m->type != YAML_MAPPING_NODE)
		return fail_at(r, m ? m : root,
			       "settings: missing or not a mapping");
	if (get_str(r, m, "algorithm", s->algorithm, sizeof(s->algorithm)) ||
	    get_str(r, m, "metric", metric, sizeof(metric)))
		return -1;
	if (fs_metric_parse(metric, &s->metric))
		return fail_at(r, lookup(r, m, "metric"),
			       "settings.metric: expected pp or tg");
	if (get_long(r, m, "episodes", 1, INT_MAX, &v))
		return -1;
	s->episodes = (int)v;
	if (get_long(r, m, "seed", 0, LONG_MAX, &v))
		return -1;
	s->seed = (unsigned long)v;
	if (get_long(r, m, "threads", 0, 4096, &v))
		return -1;
	s->threads = (int)v;
	/* Checkpoints from before it was saved ran with the default. */
	v = FS_BENCH_TIMEOUT_S;
	if (lookup(r, m, "bench_timeout_s") &&
	    get_long(r, m, "bench_timeout_s", 1, 86400, &v))
		return -1;
	s->bench_timeout_s = (int)v;
	v = FS_RETEST_RUNS;
	if (lookup(r, m, "retest") && get_long(r, m, "retest", 0, 1000, &v))
		return -1;
	s->retest = (int)v;
	/* Older checkpoints ran llama-bench at the fixed -p 32 -n 16. */
	v = 32;
	if (lookup(r, m, "n_prompt") &&
	    get_long(r, m, "n_prompt", 0, 1000000, &v))
		return -1;
	s->n_prompt = (int)v;
	v = 16;
	if (lookup(r, m, "n_gen") && get_long(r, m, "n_gen", 0, 1000000, &v))
		return -1;
	s->n_gen = (int)v;
	s->bench_args[0] = '\0';
	if (lookup(r, m, "bench_args") &&
	    get_str(r, m, "bench_args", s->bench_args, sizeof(s->bench_args)))
		return -1;
	/* Checkpoints from before scenarios ran idle, nothing named. */
	s->scenario[0] = s->neighbour[0] = s->workload[0] = '\0';
	if ((lookup(r, m, "scenario") &&
	     get_str(r, m, "scenario", s->scenario, sizeof(s->scenario))) ||
	    (lookup(r, m, "neighbour") &&
	     get_str(r, m, "neighbour", s->neighbour, sizeof(s->neighbour))) ||
	    (lookup(r, m, "workload") &&
	     get_str(r, m, "workload", s->workload, sizeof(s->workload))))
		return -1;
	if (get_str(r, m, "model", s->model, sizeof(s->model)) ||
	    get_str(r, m, "bench_cmd", s->bench_cmd, sizeof(s->bench_cmd)) ||
	    get_str(r, m, "scx_binary", s->scx_binary, sizeof(s->scx_binary)) ||
	    get_str(r, m, "no_scheduler", flag, sizeof(flag)))
		return -1;
	if (strcmp(flag, "true") && strcmp(flag, "false"))
		return fail_at(r, lookup(r, m, "no_scheduler"),
			       "settings.no_scheduler: expected true or false");
	s->no_scheduler = !strcmp(flag, "true");
	return 0;
}

/* The document from @parser (set up by the caller) into c and *rng. */
static int parse(yaml_parser_t *parser, const char *path,
		 struct fs_checkpoint *c, gsl_rng **rng, char *err,
		 size_t errlen)
{
	yaml_document_t doc;
	struct reader r = {path, &doc, err, errlen};
	const yaml_node_t *root;
	const char *sec;
	long v;
	int ret = -1;

	memset(c, 0, sizeof(*c));
	*rng = NULL;
	if (!yaml_parser_load(parser, &doc)) {
		snprintf(err, errlen, "%s:%zu: malformed YAML: %s", path,
			 parser->problem_mark.line + 1,
			 parser->problem ? parser->problem : "parse error");
		return -1;
	}
	root = yaml_document_get_root_node(&doc);
	if (!root || root->type != YAML_MAPPING_NODE) {
		fail_at(&r, root, "not a checkpoint (expected a mapping)");
		goto out;
	}
	if (get_long(&r, root, "version", VERSION, VERSION, &v) ||
	    read_settings(&r, root, &c->settings) ||
	    get_long(&r, root, "done", 0, INT_MAX, &v))
		goto out;
	c->done = (int)v;
	sec = fs_yaml_scalar(lookup(&r, root, "seconds"));
	if (!sec || parse_double(sec, &c->seconds)) {
		fail_at(&r, root, "seconds: missing or not a number");
		goto out;
	}
	if (read_rng(&r, root, rng) ||
	    read_vars(&r, root, "engine", &c->engine) ||
	    read_vars(&r, root, "policy", &c->policy))
		goto out;
	ret = 0;
out:
	if (ret) {
		fs_vars_free(&c->engine);
		fs_vars_free(&c->policy);
		if (*rng)
			gsl_rng_free(*rng);
		*rng = NULL;
	}
	yaml_document_delete(&doc);
	return ret;
}

int fs_checkpoint_read(const char *path, struct fs_checkpoint *c, gsl_rng **rng,
		       char *err, size_t errlen)
{
	yaml_parser_t parser;
	FILE *f = fopen(path, "r");
	int ret;

	memset(c, 0, sizeof(*c));
	*rng = NULL;
	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	yaml_parser_initialize(&parser);
	yaml_parser_set_input_file(&parser, f);
	ret = parse(&parser, path, c, rng, err, errlen);
	yaml_parser_delete(&parser);
	fclose(f);
	return ret;
}

int fs_checkpoint_parse(const char *name, const char *text,
			struct fs_checkpoint *c, gsl_rng **rng, char *err,
			size_t errlen)
{
	yaml_parser_t parser;
	int ret;

	yaml_parser_initialize(&parser);
	yaml_parser_set_input_string(&parser, (const unsigned char *)text,
				     strlen(text));
	ret = parse(&parser, name, c, rng, err, errlen);
	yaml_parser_delete(&parser);
	return ret;
}
