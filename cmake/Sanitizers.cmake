# Hardened builds, each in a build directory of its own (tools/test makes
# build-san and build-fuzz beside build):
#   FLASHYSPARK_SANITIZE  everything with AddressSanitizer and UBSan; any
#                         report aborts the program (the unit tests run so)
#   FLASHYSPARK_FUZZ      the same plus libFuzzer coverage (clang only); adds
#                         the targets of tests/fuzz and their "fuzz" tests
option(FLASHYSPARK_SANITIZE "build with -fsanitize=address,undefined" OFF)
option(FLASHYSPARK_FUZZ "build the libFuzzer targets of tests/fuzz (clang)" OFF)
set(FLASHYSPARK_FUZZ_SECONDS 60 CACHE STRING
	"how long each fuzz test runs its target (-max_total_time)")

if(FLASHYSPARK_SANITIZE OR FLASHYSPARK_FUZZ)
	set(fs_san_flags -fsanitize=address,undefined -fno-omit-frame-pointer
		-fno-sanitize-recover=all)
	add_compile_options(${fs_san_flags})
	add_link_options(${fs_san_flags})
endif()
if(FLASHYSPARK_FUZZ)
	if(NOT CMAKE_C_COMPILER_ID MATCHES "Clang")
		message(FATAL_ERROR "FLASHYSPARK_FUZZ needs clang: configure with -DCMAKE_C_COMPILER=clang")
	endif()
	# Coverage for the code under test; the fuzz targets link -fsanitize=fuzzer.
	add_compile_options(-fsanitize=fuzzer-no-link)
endif()
