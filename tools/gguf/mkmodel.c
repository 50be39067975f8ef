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
#include <sys/stat.h>
#include <unistd.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "gguf_writer.h"
#include "model_spec.h"
#include "quant.h"
#include "vocab.h"

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

static void write_metadata(struct fs_gguf_writer *w, const struct options *o)
{
	const struct fs_model_shape *s = &o->shape;
	char name[64];

	snprintf(name, sizeof(name), "flashyspark random %s", o->preset);
	fs_gguf_kv_str(w, "general.architecture", "llama");
	fs_gguf_kv_str(w, "general.name", name);
	fs_gguf_kv_u32(w, "general.file_type", fs_model_file_type(s));
	fs_gguf_kv_u32(w, "general.alignment", FS_GGUF_ALIGNMENT);
	fs_gguf_kv_u32(w, "llama.vocab_size", s->vocab);
	fs_gguf_kv_u32(w, "llama.context_length", s->ctx);
	fs_gguf_kv_u32(w, "llama.embedding_length", s->embd);
	fs_gguf_kv_u32(w, "llama.block_count", s->layers);
	fs_gguf_kv_u32(w, "llama.feed_forward_length", s->ff);
	fs_gguf_kv_u32(w, "llama.attention.head_count", s->heads);
	fs_gguf_kv_u32(w, "llama.attention.head_count_kv", s->kv_heads);
	fs_gguf_kv_u32(w, "llama.rope.dimension_count", s->embd / s->heads);
	fs_gguf_kv_f32(w, "llama.rope.freq_base", 10000.0f);
	fs_gguf_kv_f32(w, "llama.attention.layer_norm_rms_epsilon", 1e-5f);
	fs_vocab_write(w, s->vocab);
}

/* Fill and encode one row at a time: memory stays at one row. */
static int write_tensor_data(struct fs_gguf_writer *w,
			     const struct fs_model_tensor *t, gsl_rng *rng)
{
	size_t n = (size_t)t->ne[0];
	size_t row_bytes = fs_tensor_row_bytes(t->type, n);
	float *row = malloc(n * sizeof(*row));
	uint8_t *enc = malloc(row_bytes);

	if (!row || !enc) {
		free(row);
		free(enc);
		return -ENOMEM;
	}
	for (uint64_t r = 0; r < t->ne[1] && !w->err; r++) {
		for (size_t i = 0; i < n; i++)
			row[i] = t->mean +
				 (float)gsl_ran_gaussian_ziggurat(rng, t->sd);
		fs_tensor_encode_row(t->type, row, n, enc);
		fs_gguf_bytes(w, enc, row_bytes);
	}
	free(row);
	free(enc);
	fs_gguf_pad(w);
	return -w->err;
}

static int write_model(FILE *f, const struct options *o,
		       const struct fs_model_tensors *ts, gsl_rng *rng)
{
	struct fs_gguf_writer w;

	/* Count the keys first: the header holds their number. */
	fs_gguf_writer_init(&w, NULL);
	write_metadata(&w, o);
	uint64_t n_kv = w.n_kv;

	fs_gguf_writer_init(&w, f);
	fs_gguf_header(&w, ts->n, n_kv);
	write_metadata(&w, o);
	for (size_t i = 0; i < ts->n; i++)
		fs_gguf_tensor_info(&w, ts->t[i].name, ts->t[i].n_dims,
				    ts->t[i].ne, ts->t[i].type,
				    ts->t[i].offset);
	fs_gguf_pad(&w);
	for (size_t i = 0; i < ts->n && !w.err; i++) {
		int err = write_tensor_data(&w, &ts->t[i], rng);

		if (err)
			return err;
	}
	return -w.err;
}

/* Write to a temporary file beside the target, then rename over it. */
static int write_file(const struct options *o,
		      const struct fs_model_tensors *ts, gsl_rng *rng)
{
	size_t len = strlen(o->output) + sizeof(".tmp.XXXXXX");
	char *tmp = malloc(len);
	mode_t mask = umask(0);
	int err, fd;
	FILE *f;

	umask(mask);
	if (!tmp)
		return -ENOMEM;
	snprintf(tmp, len, "%s.tmp.XXXXXX", o->output);
	fd = mkstemp(tmp);
	if (fd < 0) {
		err = -errno;
		free(tmp);
		return err;
	}
	f = fdopen(fd, "wb");
	if (!f) {
		err = -errno;
		close(fd);
		goto out_unlink;
	}
	err = write_model(f, o, ts, rng);
	if (!err && (fflush(f) || fsync(fd) || fchmod(fd, 0666 & ~mask)))
		err = -errno;
	if (fclose(f) && !err)
		err = -errno;
	if (!err && rename(tmp, o->output))
		err = -errno;
out_unlink:
	if (err)
		unlink(tmp);
	free(tmp);
	return err;
}

int main(int argc, char **argv)
{
	struct fs_model_tensors ts;
	struct options o;
	char why[160];
	gsl_rng *rng;
	int err;

	if (parse_args(argc, argv, &o))
		return 2;
	if (fs_model_shape_check(&o.shape, why, sizeof(why))) {
		fprintf(stderr, "flashyspark-mkmodel: bad shape: %s\n", why);
		return 2;
	}
	rng = gsl_rng_alloc(gsl_rng_mt19937);
	if (!rng || fs_model_tensors_build(&o.shape, &ts)) {
		fprintf(stderr, "flashyspark-mkmodel: out of memory\n");
		gsl_rng_free(rng);
		return 1;
	}
	gsl_rng_set(rng, o.seed);
	err = write_file(&o, &ts, rng);
	if (err)
		fprintf(stderr, "flashyspark-mkmodel: cannot write %s: %s\n",
			o.output, strerror(-err));
	else
		printf("%s: %" PRIu64 " parameters, %s, %u tensors, "
		       "%.1f MiB of data\n",
		       o.output, fs_model_n_params(&o.shape),
		       fs_tensor_type_name(o.shape.type), (unsigned int)ts.n,
		       (double)ts.data_bytes / (1 << 20));
	fs_model_tensors_free(&ts);
	gsl_rng_free(rng);
	return err ? 1 : 0;
}
