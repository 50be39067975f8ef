# Every external dependency, found once. A missing one stops configure with a
# single line naming the Debian package that provides it.

function(fs_missing what package)
	message(FATAL_ERROR "missing ${what}: install the Debian package '${package}'")
endfunction()

find_package(PkgConfig QUIET)
if(NOT PKG_CONFIG_FOUND)
	fs_missing("pkg-config" "pkg-config")
endif()

# fs_require_pkg(PREFIX module-spec debian-package)
macro(fs_require_pkg prefix spec package)
	pkg_check_modules(${prefix} QUIET IMPORTED_TARGET ${spec})
	if(NOT ${prefix}_FOUND)
		fs_missing("${spec}" "${package}")
	endif()
endmacro()

fs_require_pkg(LIBBPF "libbpf>=1.4" libbpf-dev)
fs_require_pkg(LIBELF libelf libelf-dev)
fs_require_pkg(ZLIB zlib zlib1g-dev)
fs_require_pkg(GSL gsl libgsl-dev)
fs_require_pkg(YAML "yaml-0.1" libyaml-dev)
fs_require_pkg(JSONC json-c libjson-c-dev)
fs_require_pkg(LIBPQ libpq libpq-dev)
find_package(Threads REQUIRED)
# ggml's own CMake package: its GGUF API and quantisers live in ggml-base
# (pkg-config's ggml.pc names only libggml).
find_package(ggml CONFIG QUIET)
if(NOT TARGET ggml::ggml-base)
	fs_missing("ggml (GGUF API)" "libggml-dev")
endif()
fs_require_pkg(CMOCKA cmocka libcmocka-dev)

find_program(CLANG NAMES clang)
if(NOT CLANG)
	fs_missing("clang (BPF target)" clang)
endif()
execute_process(COMMAND ${CLANG} -dumpversion OUTPUT_VARIABLE CLANG_VERSION
	OUTPUT_STRIP_TRAILING_WHITESPACE)
if(CLANG_VERSION VERSION_LESS 17)
	message(FATAL_ERROR "clang ${CLANG_VERSION} is too old for sched_ext BPF: install the Debian package 'clang' (17 or newer)")
endif()
find_program(BPFTOOL NAMES bpftool PATHS /usr/sbin /sbin)
if(NOT BPFTOOL)
	fs_missing("bpftool" bpftool)
endif()
find_program(ZSTD NAMES zstd)
