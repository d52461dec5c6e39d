/* clt-row-reader.h: what the importer reads rows from, a CSV or a JSON file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  CLT_ROW_READ,
  CLT_ROW_BAD,
  CLT_ROW_END,
  CLT_ROW_ERROR,
} CltRowStatus;

#define CLT_TYPE_ROW_READER (clt_row_reader_get_type ())

G_DECLARE_INTERFACE (CltRowReader, clt_row_reader, CLT, ROW_READER, GObject)

struct _CltRowReaderInterface
{
  GTypeInterface parent_iface;

  const char * const *(*get_header)   (CltRowReader  *self);
  const char         *(*get_encoding) (CltRowReader  *self);
  CltRowStatus        (*next)         (CltRowReader  *self,
                                       GError       **error);
  const char         *(*get_field)    (CltRowReader  *self,
                                       guint          column);
  guint64             (*get_line)     (CltRowReader  *self);
  guint64             (*get_position) (CltRowReader  *self);
};

CltRowReader       *clt_row_reader_open         (GFile         *file,
                                                 GError       **error);
const char * const *clt_row_reader_get_header   (CltRowReader  *self);
const char         *clt_row_reader_get_encoding (CltRowReader  *self);
CltRowStatus        clt_row_reader_next         (CltRowReader  *self,
                                                 GError       **error);
const char         *clt_row_reader_get_field    (CltRowReader  *self,
                                                 guint          column);
guint64             clt_row_reader_get_line     (CltRowReader  *self);
guint64             clt_row_reader_get_position (CltRowReader  *self);

G_END_DECLS
