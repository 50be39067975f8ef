/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A json-c number written with the digits it carries (double_text.h), for
 * the programs that write JSON (they link json-c; this header adds none).
 */
#ifndef FS_COMMON_JSON_DOUBLE_H
#define FS_COMMON_JSON_DOUBLE_H

#include <json-c/json.h>

#include "double_text.h"

static inline json_object *fs_json_double(double v)
{
	char buf[FS_DOUBLE_TEXT_LEN];

	return json_object_new_double_s(v, fs_double_text(buf, v));
}

#endif
