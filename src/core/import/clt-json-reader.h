/* clt-json-reader.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "clt-row-reader.h"

G_BEGIN_DECLS

#define CLT_TYPE_JSON_READER (clt_json_reader_get_type ())

G_DECLARE_FINAL_TYPE (CltJsonReader, clt_json_reader, CLT, JSON_READER, GObject)

CltJsonReader *clt_json_reader_new (GInputStream  *stream,
                                    GError       **error);

G_END_DECLS
