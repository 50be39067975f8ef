/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A member of a json-c object as a C value, absent or of the wrong type
 * read as "" or NaN: for the programs that read JSON written by others
 * (they link json-c; this header adds none).
 */
#ifndef FS_COMMON_JSON_MEMBER_H
#define FS_COMMON_JSON_MEMBER_H

#include <json-c/json.h>
#include <math.h>
#include <stdio.h>

/* Member @key of @o as a string into @buf ("" when missing or not one). */
static inline void fs_json_str(json_object *o, const char *key, char *buf,
			       size_t len)
{
	json_object *v;

	buf[0] = '\0';
	if (json_object_object_get_ex(o, key, &v) &&
	    json_object_is_type(v, json_type_string))
		snprintf(buf, len, "%s", json_object_get_string(v));
}

/* Member @key of @o as a number (NaN when missing, null or not one). */
static inline double fs_json_num(json_object *o, const char *key)
{
	json_object *v;

	if (!json_object_object_get_ex(o, key, &v) || !v ||
	    !(json_object_is_type(v, json_type_double) ||
	      json_object_is_type(v, json_type_int)))
		return NAN;
	return json_object_get_double(v);
}

#endif
