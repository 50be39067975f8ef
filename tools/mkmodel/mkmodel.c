// SPDX-License-Identifier: GPL-2.0
/*
 * flashyspark-mkmodel: write a llama-architecture GGUF v3 model with random
 * weights of a chosen shape. llama-bench feeds random tokens, so such a file
 * benchmarks like a trained model of the same shape, and none can be
 * downloaded here.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model_file.h"
#include "model_spec.h"
#include "quant.h"

struct options {
	const char *output;
	const char *preset;
	unsigned long seed;
	struct fs_model_shape shape;
};

enum opt_id {
	OPT_VOCAB = 256,
	OPT_EMBD,
	OPT_LAYERS,
	OPT_HEADS,
	OPT_KV_HEADS,
	OPT_FF,
	OPT_CTX,
	OPT_TYPE,
	OPT_SEED,
	OPT_PRESET,
};

static const struct option long_opts[] = {
	{"vocab", required_argument, NULL, OPT_VOCAB},
	{"embd", required_argument, NULL, OPT_EMBD},
	{"width", required_argument, NULL, OPT_EMBD},
	{"layers", required_argument, NULL, OPT_LAYERS},
	{"heads", required_argument, NULL, OPT_HEADS},
	{"kv-heads", required_argument, NULL, OPT_KV_HEADS},
	{"ff", required_argument, NULL, OPT_FF},
	{"ctx", required_argument, NULL, OPT_CTX},
	{"type", required_argument, NULL, OPT_TYPE},
	{"seed", required_argument, NULL, OPT_SEED},
	{"preset", required_argument, NULL, OPT_PRESET},
	{"output", required_argument, NULL, 'o'},
	{"help", no_argument, NULL, 'h'},
	{NULL, 0, NULL, 0},
};

static const char usage_text[] =
	"usage: flashyspark-mkmodel [options] -o FILE\n"
	"Write a llama-architecture GGUF v3 model with random weights.\n"
	"\n"
	"  -o, --output FILE   model file to write (required)\n"
	"  --preset NAME       starting shape (default tiny):\n"
	"      tiny   vocab 1024, width 128, 4 layers, 4 heads,\n"
	"             4 kv heads, ff 384, ctx 512, q8_0: 1.1M params\n"
	"      small  vocab 32000, width 768, 12 layers, 12 heads,\n"
	"             4 kv heads, ff 2048, ctx 2048, q4_0: 125M params\n"
	"  --vocab N           vocabulary size (at least 259)\n"
	"  --embd N            embedding width (also --width)\n"
	"  --layers N          transformer blocks\n"
	"  --heads N           attention heads; must divide the width\n"
	"  --kv-heads N        key/value heads; must divide heads\n"
	"  --ff N              feed-forward width\n"
	"  --ctx N             training context length\n"
	"  --type T            matrices: f16, q8_0 or q4_0 (norms f32)\n"
	"  --seed N            random seed (default 1): same seed and\n"
	"                      shape, same file\n"
	"  -h, --help          show this help\n"
	"\n"
	"Options override the preset whatever their order.\n";

static void usage(FILE *f)
{
	fputs(usage_text, f);
}

static int parse_uint(const char *opt, const char *s, unsigned long max,
		      unsigned long *v)
{
	char *end;

	errno = 0;
	*v = strtoul(s, &end, 10);
	if (errno || end == s || *end || *s == '-' || *v > max) {
		fprintf(stderr,
			"flashyspark-mkmodel: --%s: '%s' is not a number "
			"in 0..%lu\n",
			opt, s, max);
		return -1;
	}
	return 0;
}

static uint32_t *shape_field(struct fs_model_shape *s, int id)
{
	switch (id) {
	case OPT_VOCAB:
		return &s->vocab;
	case OPT_EMBD:
		return &s->embd;
	case OPT_LAYERS:
		return &s->layers;
	case OPT_HEADS:
		return &s->heads;
	case OPT_KV_HEADS:
		return &s->kv_heads;
	case OPT_FF:
		return &s->ff;
	case OPT_CTX:
		return &s->ctx;
	}
	return NULL;
}

static const char *opt_name(int id)
{
	for (const struct option *o = long_opts; o->name; o++) {
		if (o->val == id)
			return o->name;
	}
	return "?";
}

/* Apply one shape option; the preset was already applied. */
static int apply_option(struct options *o, int id, const char *arg)
{
	unsigned long v;

	if (id == OPT_TYPE) {
		if (fs_tensor_type_parse(arg, &o->shape.type) ||
		    o->shape.type == FS_TENSOR_F32) {
			fprintf(stderr,
				"flashyspark-mkmodel: --type: '%s' is not one "
				"of f16, q8_0, q4_0\n",
				arg);
			return -1;
		}
		return 0;
	}
	if (id == OPT_SEED)
		return parse_uint("seed", arg, ULONG_MAX, &o->seed);
	if (parse_uint(opt_name(id), arg, UINT32_MAX, &v))
		return -1;
	*shape_field(&o->shape, id) = (uint32_t)v;
	return 0;
}

/* Two passes so that options override the preset in any order. */
static int parse_args(int argc, char **argv, struct options *o)
{
	int c;

	memset(o, 0, sizeof(*o));
	o->preset = "tiny";
	o->seed = 1;
	while ((c = getopt_long(argc, argv, "o:h", long_opts, NULL)) != -1) {
		if (c == 'h') {
			usage(stdout);
			exit(0);
		} else if (c == 'o') {
			o->output = optarg;
		} else if (c == OPT_PRESET) {
			o->preset = optarg;
		} else if (c == '?') {
			usage(stderr);
			return -1;
		}
	}
	if (optind < argc) {
		fprintf(stderr,
			"flashyspark-mkmodel: unexpected argument '%s'\n",
			argv[optind]);
		return -1;
	}
	if (!o->output) {
		fprintf(stderr,
			"flashyspark-mkmodel: no output file: give -o FILE\n");
		return -1;
	}
	if (fs_model_preset(o->preset, &o->shape)) {
		fprintf(stderr,
			"flashyspark-mkmodel: unknown preset '%s' (tiny, "
			"small)\n",
			o->preset);
		return -1;
	}
	optind = 1;
	while ((c = getopt_long(argc, argv, "o:h", long_opts, NULL)) != -1) {
		if (c >= OPT_VOCAB && c != OPT_PRESET &&
		    apply_option(o, c, optarg))
			return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct fs_model_written info;
	struct options o;
	char why[160], name[64];
	int err;

	if (parse_args(argc, argv, &o))
		return 2;
	if (fs_model_shape_check(&o.shape, why, sizeof(why))) {
		fprintf(stderr, "flashyspark-mkmodel: bad shape: %s\n", why);
		return 2;
	}
	snprintf(name, sizeof(name), "flashyspark random %s", o.preset);
	err = fs_model_write(o.output, name, &o.shape, o.seed, &info);
	if (err) {
		fprintf(stderr, "flashyspark-mkmodel: cannot write %s: %s\n",
			o.output, strerror(-err));
		return 1;
	}
	printf("%s: %" PRIu64 " parameters, %s, %zu tensors, "
	       "%.1f MiB of data\n",
	       o.output, fs_model_n_params(&o.shape),
	       fs_tensor_type_name(o.shape.type), info.n_tensors,
	       (double)info.data_bytes / (1 << 20));
	return 0;
}
