// SPDX-License-Identifier: GPL-2.0
/*
 * The loader's cgroup ids for workload_cgroup paths, against a fake
 * cgroup2 mount (a directory that a fake mountinfo lists as cgroup2).
 */
#include "test_tree.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "cmdline.h"
#include "workload_cgroups.h"

struct fake {
	char dir[256];	     /* the test's tree */
	char mount[512];     /* the fake cgroup2 mount: "DIR/cg root" */
	char mountinfo[512]; /* a mountinfo that lists it */
};

/* A tree with cgroups llama.slice, a/b and a file, and its mountinfo. */
static void fake_new(struct fake *f)
{
	char text[2048];

	assert_non_null(tree_new(f->dir, sizeof(f->dir)));
	snprintf(f->mount, sizeof(f->mount), "%s/cg root", f->dir);
	assert_int_equal(tree_write(f->dir, "", "cg root/llama.slice/x"), 0);
	assert_int_equal(tree_write(f->dir, "", "cg root/a/b/x"), 0);
	assert_int_equal(tree_write(f->dir, "", "cg root/cgroup.procs"), 0);
	/* another file system first; the mount point's space as \040 */
	snprintf(text, sizeof(text),
		 "22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw\n"
		 "25 22 0:21 / /sys/fs/cgroup/cpu rw - cgroup cgroup rw,cpu\n"
		 "35 22 0:28 / %s/cg\\040root rw,relatime shared:9 - cgroup2 "
		 "cgroup2 rw\n",
		 f->dir);
	assert_int_equal(tree_write(f->dir, text, "mountinfo"), 0);
	snprintf(f->mountinfo, sizeof(f->mountinfo), "%s/mountinfo", f->dir);
}

static uint64_t ino(const char *path)
{
	struct stat st;

	assert_int_equal(stat(path, &st), 0);
	return (uint64_t)st.st_ino;
}

static void add(struct fs_config *cfg, const char *path)
{
	char err[256];

	assert_int_equal(fs_option_set(cfg, FS_OPT_workload_cgroup, path, err,
				       sizeof(err)),
			 0);
}

/*
 * fs_cgroup2_mount() of a mountinfo holding @text, written as @name in
 * @f's tree: its return, the mount point in @buf.
 */
static int mount_in(const struct fake *f, const char *text, const char *name,
		    char *buf, size_t len)
{
	assert_int_equal(tree_write(f->dir, text, name), 0);
	snprintf(buf, len, "%s/%s", f->dir, name);
	return fs_cgroup2_mount(buf, buf, len);
}

static void test_mount(void **state)
{
	struct fake f;
	char buf[512];

	(void)state;
	fake_new(&f);
	assert_int_equal(fs_cgroup2_mount(f.mountinfo, buf, sizeof(buf)), 0);
	assert_string_equal(buf, f.mount);
	assert_int_equal(mount_in(&f, "22 1 8:1 / / rw - ext4 /dev/x rw\n",
				  "none", buf, sizeof(buf)),
			 -1);
	assert_int_equal(fs_cgroup2_mount("/nonexistent", buf, sizeof(buf)),
			 -1);
	/* a subtree's mount (a container's) gives way to the whole tree's */
	assert_int_equal(mount_in(&f,
				  "30 1 0:28 /lxc/c1 /mnt/sub rw - cgroup2 "
				  "cgroup2 rw\n"
				  "31 1 0:28 / /mnt/whole rw - cgroup2 cgroup2 "
				  "rw\n",
				  "both", buf, sizeof(buf)),
			 0);
	assert_string_equal(buf, "/mnt/whole");
	/* with only a subtree's, that one */
	assert_int_equal(mount_in(&f,
				  "30 1 0:28 /lxc/c1 /mnt/sub rw - cgroup2 "
				  "cgroup2 rw\n",
				  "sub", buf, sizeof(buf)),
			 0);
	assert_string_equal(buf, "/mnt/sub");
	assert_int_equal(tree_remove(f.dir), 0);
}

/* Relative to the mount or absolute: each path's directory's id. */
static void test_ids(void **state)
{
	struct fs_cgroup_ids ids;
	char path[1024], err[1024];
	struct fs_config cfg;
	struct fake f;

	(void)state;
	fake_new(&f);
	fs_config_defaults(&cfg);
	/* none given: nothing read, not even the mountinfo */
	assert_int_equal(fs_workload_cgroups_resolve(&cfg, NULL, "/nonexistent",
						     &ids, err, sizeof(err)),
			 0);
	add(&cfg, "llama.slice");
	snprintf(path, sizeof(path), "%s/a/b", f.mount);
	add(&cfg, path);
	add(&cfg, "a");
	assert_int_equal(fs_workload_cgroups_resolve(&cfg, NULL, f.mountinfo,
						     &ids, err, sizeof(err)),
			 0);
	snprintf(path, sizeof(path), "%s/llama.slice", f.mount);
	assert_true(ids.workload_cgroup[0] == ino(path));
	snprintf(path, sizeof(path), "%s/a/b", f.mount);
	assert_true(ids.workload_cgroup[1] == ino(path));
	snprintf(path, sizeof(path), "%s/a", f.mount);
	assert_true(ids.workload_cgroup[2] == ino(path));
	assert_true(ids.workload_cgroup[0] != ids.workload_cgroup[1]);
	assert_true(ids.workload_cgroup[3] == 0);
	assert_int_equal(tree_remove(f.dir), 0);
}

/* Each bad path is refused, naming it; ORIGIN is the option's name. */
static void test_bad_paths(void **state)
{
	struct fs_cgroup_ids ids;
	char want[2048], err[2048], path[1024];
	struct fs_config cfg;
	struct fake f;
	size_t i;

	(void)state;
	fake_new(&f);
	{
		const struct {
			const char *given, *why; /* why: printf, the mount */
		} bad[] = {
			{"nope", "%s/nope: No such file or directory"},
			{"cgroup.procs", "%s/cgroup.procs is not a directory"},
			{"/proc",
			 "/proc is not a cgroup2 directory (that file system "
			 "is mounted at %s)"},
			{".", "%s/. is the root cgroup: every task would be "
			      "the workload"},
		};

		for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
			fs_config_defaults(&cfg);
			add(&cfg, "llama.slice");
			add(&cfg, bad[i].given);
			snprintf(path, sizeof(path), bad[i].why, f.mount);
			snprintf(want, sizeof(want),
				 "workload_cgroup: '%s': %s", bad[i].given,
				 path);
			err[0] = '\0';
			assert_int_equal(fs_workload_cgroups_resolve(
						 &cfg, NULL, f.mountinfo, &ids,
						 err, sizeof(err)),
					 -1);
			assert_string_equal(err, want);
		}
	}
	/* the mount itself, given absolute: the root cgroup too */
	fs_config_defaults(&cfg);
	add(&cfg, f.mount);
	assert_int_equal(fs_workload_cgroups_resolve(&cfg, NULL, f.mountinfo,
						     &ids, err, sizeof(err)),
			 -1);
	assert_non_null(strstr(err, "is the root cgroup"));
	/* no cgroup2 mounted */
	assert_int_equal(
		tree_write(f.dir, "22 1 8:1 / / rw - ext4 /dev/x rw\n", "none"),
		0);
	snprintf(path, sizeof(path), "%s/none", f.dir);
	assert_int_equal(fs_workload_cgroups_resolve(&cfg, NULL, path, &ids,
						     err, sizeof(err)),
			 -1);
	snprintf(want, sizeof(want),
		 "workload_cgroup: '%s': no cgroup2 file system is mounted",
		 f.mount);
	assert_string_equal(err, want);
	assert_int_equal(tree_remove(f.dir), 0);
}

/*
 * The error names where the bad path came from, as the other options'
 * errors do: FILE:LINE of its item in a --config file, or the flag.
 */
static void test_origins(void **state)
{
	struct fs_origins *from = calloc(1, sizeof(*from));
	char yaml[1024], want[2048], err[2048];
	struct fs_cgroup_ids ids;
	struct fs_config cfg;
	struct fake f;
	char *argv[] = {"scx_flashyspark",   "--config", yaml,
			"--workload-cgroup", "gone",	 NULL};

	(void)state;
	assert_non_null(from);
	fake_new(&f);
	assert_int_equal(tree_write(f.dir,
				    "options:\n  workload_cgroup:\n"
				    "    - llama.slice\n    - missing\n",
				    "k.yaml"),
			 0);
	snprintf(yaml, sizeof(yaml), "%s/k.yaml", f.dir);
	assert_int_equal(
		fs_config_from_args(5, argv, &cfg, from, err, sizeof(err)),
		FS_OPT_RUN);
	assert_int_equal(fs_workload_cgroups_resolve(&cfg, from, f.mountinfo,
						     &ids, err, sizeof(err)),
			 -1);
	snprintf(want, sizeof(want),
		 "%s:4: options.workload_cgroup: 'missing': %s/missing: No "
		 "such file or directory",
		 yaml, f.mount);
	assert_string_equal(err, want);
	/* the file's two found, the flag's is not */
	assert_int_equal(mkdir(strcat(strcpy(want, f.mount), "/missing"), 0755),
			 0);
	assert_int_equal(fs_workload_cgroups_resolve(&cfg, from, f.mountinfo,
						     &ids, err, sizeof(err)),
			 -1);
	snprintf(want, sizeof(want),
		 "--workload-cgroup: 'gone': %s/gone: No such file or "
		 "directory",
		 f.mount);
	assert_string_equal(err, want);
	free(from);
	assert_int_equal(tree_remove(f.dir), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mount),
		cmocka_unit_test(test_ids),
		cmocka_unit_test(test_bad_paths),
		cmocka_unit_test(test_origins),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
