// SPDX-License-Identifier: GPL-2.0
/* Knob-set files (config_yaml.h). */
#include "config_yaml.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <string.h>
#include <yaml.h>

#include "knobs.h"
#include "options.h"
#include "yaml_read.h"

/* Option keys a file may set, as their flag names. */
static const char *const file_options[] = {
	"slice_us",    "slice_min_us",	"slice_lag_us",
	"run_lag_us",  "max_avg_nvcsw", "cpu_busy_thresh",
	"watchdog_ms", "perf_cores",	"gpu_comm",
};

struct reader {
	const char *path;
	char *err;
	size_t errlen;
};

/* FILE:LINE: what, into the reader's error; -1. */
#define fail_at(r, n, ...) \
	fs_yaml_fail_at((r)->path, (r)->err, (r)->errlen, n, __VA_ARGS__)

static int load_knobs(struct reader *r, yaml_document_t *doc,
		      const yaml_node_t *map, struct fs_config *cfg)
{
	yaml_node_pair_t *pair;

	if (map->type != YAML_MAPPING_NODE)
		return fail_at(r, map,
			       "knobs: expected a mapping of knob: true|false");
	for (pair = map->data.mapping.pairs.start;
	     pair < map->data.mapping.pairs.top; pair++) {
		yaml_node_t *kn = yaml_document_get_node(doc, pair->key);
		yaml_node_t *vn = yaml_document_get_node(doc, pair->value);
		const char *name = fs_yaml_scalar(kn),
			   *val = fs_yaml_scalar(vn);
		int k, b;

		if (!name)
			return fail_at(r, kn, "knobs: a key is not a name");
		k = fs_knob_find(name, strlen(name));
		if (k < 0)
			return fail_at(r, kn, "knobs.%s: unknown knob", name);
		b = val ? fs_parse_bool(val) : -1;
		if (b < 0)
			return fail_at(
				r, vn,
				"knobs.%s: expected true or false, got '%s'",
				name, val ? val : "(not a scalar)");
		cfg->knobs[k] = b;
	}
	return 0;
}

/*
 * One option through the command-line parser, so the checks are the same.
 * slice_min_us <= slice_us waits for the whole mapping (load_options): the
 * parser sees a range that always passes, so either key may come first.
 */
static int apply_option(struct reader *r, const yaml_node_t *at,
			const char *name, const char *val,
			struct fs_config *cfg)
{
	struct fs_config tmp = *cfg;
	bool cli[FS_NR_KNOBS];
	char flag[512], msg[256];
	char *argv[] = {"config", flag, NULL};
	size_t i;

	snprintf(flag, sizeof(flag), "--%s=%s", name, val);
	for (i = 2; flag[i] && flag[i] != '='; i++)
		if (flag[i] == '_')
			flag[i] = '-';
	tmp.slice_us = ULONG_MAX;
	tmp.slice_min_us = 0;
	if (fs_options_parse(2, argv, &tmp, cli, msg, sizeof(msg)) !=
	    FS_OPT_RUN)
		return fail_at(r, at, "options.%s: %s", name, msg);
	if (strcmp(name, "slice_us"))
		tmp.slice_us = cfg->slice_us;
	if (strcmp(name, "slice_min_us"))
		tmp.slice_min_us = cfg->slice_min_us;
	*cfg = tmp;
	return 0;
}

static int load_options(struct reader *r, yaml_document_t *doc,
			const yaml_node_t *map, struct fs_config *cfg)
{
	const yaml_node_t *slice_at = NULL;
	const char *slice_name = NULL;
	yaml_node_pair_t *pair;

	if (map->type != YAML_MAPPING_NODE)
		return fail_at(r, map, "options: expected a mapping");
	for (pair = map->data.mapping.pairs.start;
	     pair < map->data.mapping.pairs.top; pair++) {
		yaml_node_t *kn = yaml_document_get_node(doc, pair->key);
		yaml_node_t *vn = yaml_document_get_node(doc, pair->value);
		const char *name = fs_yaml_scalar(kn);
		bool known = false;
		size_t i;

		for (i = 0;
		     name && i < sizeof(file_options) / sizeof(file_options[0]);
		     i++)
			known |= !strcmp(name, file_options[i]);
		if (!known)
			return fail_at(r, kn, "options.%s: unknown option",
				       name ? name : "?");
		if (vn->type == YAML_SEQUENCE_NODE &&
		    !strcmp(name, "gpu_comm")) {
			yaml_node_item_t *it;

			for (it = vn->data.sequence.items.start;
			     it < vn->data.sequence.items.top; it++) {
				yaml_node_t *in =
					yaml_document_get_node(doc, *it);

				if (!fs_yaml_scalar(in))
					return fail_at(r, in,
						       "options.gpu_comm: "
						       "expected names");
				if (apply_option(r, in, name,
						 fs_yaml_scalar(in), cfg))
					return -1;
			}
			continue;
		}
		if (!fs_yaml_scalar(vn))
			return fail_at(r, vn, "options.%s: expected a value",
				       name);
		if (apply_option(r, vn, name, fs_yaml_scalar(vn), cfg))
			return -1;
		if (!strcmp(name, "slice_us") ||
		    !strcmp(name, "slice_min_us")) {
			slice_at = vn;
			slice_name = name;
		}
	}
	if (slice_at && cfg->slice_min_us > cfg->slice_us)
		return fail_at(
			r, slice_at,
			"options.%s: slice_min_us %lu exceeds slice_us %lu",
			slice_name, cfg->slice_min_us, cfg->slice_us);
	return 0;
}

/* Read the document @parser is set up for and apply it over @cfg. */
static int load_parser(const char *name, yaml_parser_t *parser,
		       struct fs_config *cfg, char *err, size_t errlen)
{
	struct reader r = {name, err, errlen};
	yaml_document_t doc;
	yaml_node_t *root;
	yaml_node_pair_t *pair;
	int ret = 0;

	if (!yaml_parser_load(parser, &doc)) {
		snprintf(err, errlen, "%s:%zu: malformed YAML: %s", name,
			 parser->problem_mark.line + 1,
			 parser->problem ? parser->problem : "parse error");
		return -1;
	}
	root = yaml_document_get_root_node(&doc);
	if (!root || root->type != YAML_MAPPING_NODE) {
		ret = fail_at(&r, root,
			      "expected a mapping with a 'knobs' key");
		goto out;
	}
	for (pair = root->data.mapping.pairs.start;
	     pair < root->data.mapping.pairs.top && !ret; pair++) {
		yaml_node_t *kn = yaml_document_get_node(&doc, pair->key);
		yaml_node_t *vn = yaml_document_get_node(&doc, pair->value);
		const char *key = fs_yaml_scalar(kn);

		if (key && !strcmp(key, "knobs"))
			ret = load_knobs(&r, &doc, vn, cfg);
		else if (key && !strcmp(key, "options"))
			ret = load_options(&r, &doc, vn, cfg);
	}
out:
	yaml_document_delete(&doc);
	return ret;
}

int fs_config_yaml_load(const char *path, struct fs_config *cfg, char *err,
			size_t errlen)
{
	yaml_parser_t parser;
	int ret;
	FILE *f = fopen(path, "r");

	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	yaml_parser_initialize(&parser);
	yaml_parser_set_input_file(&parser, f);
	ret = load_parser(path, &parser, cfg, err, errlen);
	yaml_parser_delete(&parser);
	fclose(f);
	return ret;
}

int fs_config_yaml_load_buffer(const char *name, const char *text, size_t len,
			       struct fs_config *cfg, char *err, size_t errlen)
{
	yaml_parser_t parser;
	int ret;

	yaml_parser_initialize(&parser);
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
	ret = load_parser(name, &parser, cfg, err, errlen);
	yaml_parser_delete(&parser);
	return ret;
}

/* Length of the UTF-8 sequence at @s and its code point; 0 if invalid. */
static size_t utf8_decode(const unsigned char *s, unsigned long *cp)
{
	size_t n, i;

	if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3;
	else if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2;
	else
		return 0;
	*cp = s[0] & (0x7f >> n);
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		*cp = *cp << 6 | (s[i] & 0x3f);
	}
	if ((n == 3 && *cp < 0x800) || (n == 4 && *cp < 0x10000) ||
	    *cp > 0x10ffff || (*cp >= 0xd800 && *cp <= 0xdfff))
		return 0;
	return n;
}

/*
 * @s as a double-quoted YAML scalar in plain ASCII, so that it reads back
 * as the same bytes: YAML folds line breaks (also U+0085, U+2028, U+2029)
 * inside quotes and refuses raw control characters, hence escapes for
 * those and for everything beyond ASCII. A byte that is not UTF-8 (only a
 * command-line --gpu-comm can hold one) comes out as \xNN, which loads as
 * U+00NN: not the same bytes, but a loadable file.
 */
static void print_quoted(FILE *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned long cp;
	size_t n;

	fputc('"', out);
	while (*p) {
		if (*p == '"' || *p == '\\') {
			fprintf(out, "\\%c", *p++);
		} else if (*p >= 0x20 && *p < 0x7f) {
			fputc(*p++, out);
		} else if (*p < 0x80 || !(n = utf8_decode(p, &cp))) {
			fprintf(out, "\\x%02x", *p++);
		} else {
			fprintf(out, cp > 0xffff ? "\\U%08lx" : "\\u%04lx", cp);
			p += n;
		}
	}
	fputc('"', out);
}

void fs_config_yaml_print(FILE *out, const struct fs_config *cfg)
{
	int k;

	fprintf(out, "scheduler: scx_flashyspark\nknobs:\n");
	for (k = 0; k < FS_NR_KNOBS; k++)
		fprintf(out, "  %s: %s\n", fs_knob_table[k].name,
			cfg->knobs[k] ? "true" : "false");
	fprintf(out,
		"options:\n"
		"  slice_us: %lu\n  slice_min_us: %lu\n  slice_lag_us: %lu\n"
		"  run_lag_us: %lu\n  max_avg_nvcsw: %lu\n  watchdog_ms: %lu\n",
		cfg->slice_us, cfg->slice_min_us, cfg->slice_lag_us,
		cfg->run_lag_us, cfg->max_avg_nvcsw, cfg->watchdog_ms);
	if (cfg->cpu_busy_thresh < 0)
		fprintf(out, "  cpu_busy_thresh: auto\n");
	else
		fprintf(out, "  cpu_busy_thresh: %d\n", cfg->cpu_busy_thresh);
	if (cfg->perf_cores[0]) {
		fputs("  perf_cores: ", out);
		print_quoted(out, cfg->perf_cores);
		fputc('\n', out);
	}
	if (cfg->nr_gpu_comms) {
		fprintf(out, "  gpu_comm:\n");
		for (k = 0; k < cfg->nr_gpu_comms; k++) {
			fputs("    - ", out);
			print_quoted(out, cfg->gpu_comms[k]);
			fputc('\n', out);
		}
	}
}
