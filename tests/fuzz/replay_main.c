// SPDX-License-Identifier: GPL-2.0
/*
 * main() for a fuzz target built without libFuzzer (gcc, or any build
 * without FLASHYSPARK_FUZZ): runs the target once on every file named, or
 * on every file in a directory named, so the seed corpus and the saved
 * crash inputs are replayed as an ordinary unit test. A target reports a
 * failure by crashing (abort, or a sanitizer when built with one).
 */
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Run the target on one file; -1 if it cannot be read. */
static int replay_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL, *bigger;
	size_t len = 0, cap = 0, n;

	if (!f) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		return -1;
	}
	do {
		if (len == cap) {
			cap = cap ? cap * 2 : 4096;
			bigger = realloc(buf, cap);
			if (!bigger) {
				free(buf);
				fclose(f);
				fprintf(stderr, "%s: out of memory\n", path);
				return -1;
			}
			buf = bigger;
		}
		n = fread(buf + len, 1, cap - len, f);
		len += n;
	} while (n);
	if (ferror(f)) {
		fprintf(stderr, "%s: read error\n", path);
		free(buf);
		fclose(f);
		return -1;
	}
	fclose(f);
	/* An exact-size copy, so reads past the input stay detectable. */
	bigger = malloc(len ? len : 1);
	if (!bigger) {
		free(buf);
		return -1;
	}
	memcpy(bigger, buf, len);
	free(buf);
	LLVMFuzzerTestOneInput(bigger, len);
	free(bigger);
	return 0;
}

/* Every regular file in dir (not recursive); the count, or -1. */
static int replay_dir(const char *dir)
{
	struct dirent *e;
	char path[4096];
	struct stat st;
	int count = 0;
	DIR *d = opendir(dir);

	if (!d) {
		fprintf(stderr, "%s: %s\n", dir, strerror(errno));
		return -1;
	}
	while ((e = readdir(d))) {
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (stat(path, &st) || !S_ISREG(st.st_mode))
			continue;
		if (replay_file(path)) {
			closedir(d);
			return -1;
		}
		count++;
	}
	closedir(d);
	return count;
}

int main(int argc, char **argv)
{
	struct stat st;
	int total = 0, n;

	for (int i = 1; i < argc; i++) {
		if (stat(argv[i], &st)) {
			fprintf(stderr, "%s: %s\n", argv[i], strerror(errno));
			return 1;
		}
		n = S_ISDIR(st.st_mode)	   ? replay_dir(argv[i])
		    : replay_file(argv[i]) ? -1
					   : 1;
		if (n < 0)
			return 1;
		total += n;
	}
	printf("%d inputs replayed without a failure\n", total);
	return 0;
}
