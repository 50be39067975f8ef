// SPDX-License-Identifier: GPL-2.0
/* Knob-set files (config_yaml.h). */
#include "config_yaml.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "knobs.h"
#include "options.h"
#include "yaml_read.h"

struct reader {
	const char *path;
	char *err;
	size_t errlen;
	struct fs_origins *from;
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

/* One value of option @opt, from node @at; its origin is recorded. */
static int set_option(struct reader *r, const yaml_node_t *at, int opt,
		      const char *val, struct fs_config *cfg)
{
	const char *name = fs_option_table[opt].name;
	char why[256], origin[FS_ORIGIN_LEN];

	if (fs_option_set(cfg, opt, val, why, sizeof(why)))
		return fail_at(r, at, "options.%s: %s", name, why);
	snprintf(origin, sizeof(origin), "%s:%zu: options.%s", r->path,
		 at->start_mark.line + 1, name);
	fs_origin_note(r->from, cfg, opt, origin);
	return 0;
}

/* What list option @opt holds, for "expected ...". */
static const char *list_items(int opt)
{
	switch (fs_option_table[opt].type) {
	case FS_OT_PIDS:
		return "process ids";
	case FS_OT_CGROUPS:
		return "cgroup paths";
	default:
		return "names";
	}
}

/* The values of list option @opt, the sequence @seq, each appended. */
static int load_list(struct reader *r, yaml_document_t *doc,
		     const yaml_node_t *seq, int opt, struct fs_config *cfg)
{
	const char *name = fs_option_table[opt].name;
	yaml_node_item_t *it;

	for (it = seq->data.sequence.items.start;
	     it < seq->data.sequence.items.top; it++) {
		yaml_node_t *in = yaml_document_get_node(doc, *it);

		if (!fs_yaml_scalar(in))
			return fail_at(r, in, "options.%s: expected %s", name,
				       list_items(opt));
		if (set_option(r, in, opt, fs_yaml_scalar(in), cfg))
			return -1;
	}
	return 0;
}

static int load_options(struct reader *r, yaml_document_t *doc,
			const yaml_node_t *map, struct fs_config *cfg)
{
	yaml_node_pair_t *pair;

	if (map->type != YAML_MAPPING_NODE)
		return fail_at(r, map, "options: expected a mapping");
	for (pair = map->data.mapping.pairs.start;
	     pair < map->data.mapping.pairs.top; pair++) {
		yaml_node_t *kn = yaml_document_get_node(doc, pair->key);
		yaml_node_t *vn = yaml_document_get_node(doc, pair->value);
		const char *name = fs_yaml_scalar(kn);
		int opt = name ? fs_option_find(name, strlen(name)) : -1;

		if (opt < 0 || !fs_option_in_files(opt) || strchr(name, '-'))
			return fail_at(r, kn, "options.%s: unknown option",
				       name ? name : "?");
		if (vn->type == YAML_SEQUENCE_NODE && fs_option_is_list(opt)) {
			if (load_list(r, doc, vn, opt, cfg))
				return -1;
			continue;
		}
		if (!fs_yaml_scalar(vn))
			return fail_at(r, vn, "options.%s: expected a value",
				       name);
		if (set_option(r, vn, opt, fs_yaml_scalar(vn), cfg))
			return -1;
	}
	return 0;
}

/* Read the document @parser is set up for and apply it over @cfg. */
static int load_parser(const char *name, yaml_parser_t *parser,
		       struct fs_config *cfg, struct fs_origins *from,
		       char *err, size_t errlen)
{
	struct reader r = {name, err, errlen, from};
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

		const char *val = fs_yaml_scalar(vn);

		if (key && !strcmp(key, "knobs"))
			ret = load_knobs(&r, &doc, vn, cfg);
		else if (key && !strcmp(key, "options"))
			ret = load_options(&r, &doc, vn, cfg);
		else if (key && !strcmp(key, "scheduler")) {
			if (!val || strcmp(val, "scx_flashyspark"))
				ret = fail_at(&r, vn,
					      "scheduler: this file is for "
					      "'%s', not scx_flashyspark",
					      val ? val : "(not a name)");
		} else if (!key ||
			   (strcmp(key, "metric") && strcmp(key, "result") &&
			    strcmp(key, "retest") && strcmp(key, "scenario") &&
			    strcmp(key, "found_under")))
			/* A typo ("knob:") must not load the defaults. */
			ret = fail_at(&r, kn,
				      "unknown key '%s' (expected knobs, "
				      "options, scheduler, metric, result, "
				      "retest, found_under, scenario)",
				      key ? key : "?");
	}
out:
	yaml_document_delete(&doc);
	return ret;
}

int fs_config_yaml_apply(const char *path, struct fs_config *cfg,
			 struct fs_origins *from, char *err, size_t errlen)
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
	ret = load_parser(path, &parser, cfg, from, err, errlen);
	yaml_parser_delete(&parser);
	fclose(f);
	return ret;
}

int fs_config_yaml_load(const char *path, struct fs_config *cfg, char *err,
			size_t errlen)
{
	struct fs_origins *from = calloc(1, sizeof(*from));
	int ret = -1;

	if (!from)
		snprintf(err, errlen, "%s: out of memory", path);
	else if (!fs_config_yaml_apply(path, cfg, from, err, errlen))
		ret = fs_config_check(cfg, from, err, errlen);
	free(from);
	return ret;
}

int fs_config_yaml_load_buffer(const char *name, const char *text, size_t len,
			       struct fs_config *cfg, char *err, size_t errlen)
{
	struct fs_origins *from = calloc(1, sizeof(*from));
	yaml_parser_t parser;
	int ret = -1;

	if (!from) {
		snprintf(err, errlen, "%s: out of memory", name);
		return -1;
	}
	yaml_parser_initialize(&parser);
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
	if (!load_parser(name, &parser, cfg, from, err, errlen))
		ret = fs_config_check(cfg, from, err, errlen);
	yaml_parser_delete(&parser);
	free(from);
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

/* List option @opt of @cfg as a block sequence; nothing if empty. */
static void print_list(FILE *out, const struct fs_config *cfg, int opt)
{
	const struct fs_option_info *o = &fs_option_table[opt];
	int nr = fs_option_count(cfg, opt), k;
	char num[24];

	if (!nr)
		return;
	fprintf(out, "  %s:\n", o->name);
	for (k = 0; k < nr; k++) {
		const char *v =
			fs_option_list_item(cfg, opt, k, num, sizeof(num));

		fputs("    - ", out);
		if (o->type == FS_OT_PIDS)
			fputs(v, out); /* a number: no quotes */
		else
			print_quoted(out, v);
		fputc('\n', out);
	}
}

void fs_config_yaml_print(FILE *out, const struct fs_config *cfg)
{
	int k, i;

	fprintf(out, "scheduler: scx_flashyspark\nknobs:\n");
	for (k = 0; k < FS_NR_KNOBS; k++)
		fprintf(out, "  %s: %s\n", fs_knob_table[k].name,
			cfg->knobs[k] ? "true" : "false");
	fprintf(out, "options:\n");
	for (i = 0; i < FS_NR_OPTIONS; i++) {
		const struct fs_option_info *o = &fs_option_table[i];
		const char *field = (const char *)cfg + o->offset;

		if (!fs_option_in_files(i))
			continue;
		switch (o->type) {
		case FS_OT_UINT:
		case FS_OT_PERCENT:
			fprintf(out, "  %s: %lu\n", o->name,
				*(const unsigned long *)field);
			break;
		case FS_OT_CPUS:
			if (!field[0])
				break;
			fprintf(out, "  %s: ", o->name);
			print_quoted(out, field);
			fputc('\n', out);
			break;
		case FS_OT_COMMS:
		case FS_OT_PIDS:
		case FS_OT_CGROUPS:
			print_list(out, cfg, i);
			break;
		default:
			break; /* run-mode types are not in files */
		}
	}
}
