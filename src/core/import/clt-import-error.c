/* clt-import-error.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "clt-import-error.h"

G_DEFINE_QUARK (clt-import-error-quark, clt_import_error)
