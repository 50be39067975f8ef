// SPDX-License-Identifier: GPL-2.0
/* What one search run was asked to do (settings.h). */
#include "settings.h"

#include <string.h>
