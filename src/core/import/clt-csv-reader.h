/* clt-csv-reader.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "clt-import-error.h"
#include "clt-row-reader.h"

G_BEGIN_DECLS

#define CLT_TYPE_CSV_READER (clt_csv_reader_get_type ())

G_DECLARE_FINAL_TYPE (CltCsvReader, clt_csv_reader, CLT, CSV_READER, GObject)

CltCsvReader       *clt_csv_reader_new            (GInputStream  *stream,
                                                   GError       **error);
CltCsvReader       *clt_csv_reader_new_for_path   (const char    *path,
                                                   GError       **error);
const char         *clt_csv_reader_get_encoding   (CltCsvReader  *self);
char                clt_csv_reader_get_delimiter  (CltCsvReader  *self);
guint               clt_csv_reader_get_n_columns  (CltCsvReader  *self);
const char * const *clt_csv_reader_get_header     (CltCsvReader  *self);
CltRowStatus        clt_csv_reader_next           (CltCsvReader  *self,
                                                   GError       **error);
guint               clt_csv_reader_get_n_fields   (CltCsvReader  *self);
const char         *clt_csv_reader_get_field      (CltCsvReader  *self,
                                                   guint          column);
guint64             clt_csv_reader_get_line       (CltCsvReader  *self);
guint64             clt_csv_reader_get_position   (CltCsvReader  *self);

G_END_DECLS
