/* clt-import-error.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define CLT_IMPORT_ERROR (clt_import_error_quark ())

typedef enum
{
  CLT_IMPORT_ERROR_EMPTY,
  CLT_IMPORT_ERROR_BINARY,
  CLT_IMPORT_ERROR_ENCODING,
  CLT_IMPORT_ERROR_SYNTAX,
  CLT_IMPORT_ERROR_BAD_ROW,
  CLT_IMPORT_ERROR_UNKNOWN_COLUMNS,
  CLT_IMPORT_ERROR_NOT_FOUND,
  CLT_IMPORT_ERROR_FAILED,
} CltImportError;

GQuark clt_import_error_quark (void);

G_END_DECLS
