/* clt-row-reader.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "clt-row-reader"

#include "config.h"

#include "clt-csv-reader.h"
#include "clt-json-reader.h"
#include "clt-row-reader.h"

G_DEFINE_INTERFACE (CltRowReader, clt_row_reader, G_TYPE_OBJECT)

static void
clt_row_reader_default_init (CltRowReaderInterface *iface)
{
}

/* JSON starts with { or [ after any white space or byte order mark; CSV never does. */
static gboolean
looks_like_json (GInputStream *stream)
{
  guint8 head[64];
  gsize n = 0;
  gsize i = 0;

  if (!g_input_stream_read_all (stream, head, sizeof head, &n, NULL, NULL))
    return FALSE;
  g_seekable_seek (G_SEEKABLE (stream), 0, G_SEEK_SET, NULL, NULL);

  if (n >= 3 && head[0] == 0xef && head[1] == 0xbb && head[2] == 0xbf)
    i = 3;
  while (i < n && g_ascii_isspace (head[i]))
    i++;

  return i < n && (head[i] == '{' || head[i] == '[');
}

/**
 * clt_row_reader_open:
 * @file: a CSV, JSON or JSON Lines file
 *
 * Returns: (transfer full): a reader for @file's rows, or %NULL with @error set
 */
CltRowReader *
clt_row_reader_open (GFile   *file,
                     GError **error)
{
  g_autoptr(GFileInputStream) stream = g_file_read (file, NULL, error);

  if (stream == NULL)
    return NULL;

  if (looks_like_json (G_INPUT_STREAM (stream)))
    return CLT_ROW_READER (clt_json_reader_new (G_INPUT_STREAM (stream), error));

  return CLT_ROW_READER (clt_csv_reader_new (G_INPUT_STREAM (stream), error));
}

/**
 * clt_row_reader_get_header:
 *
 * Returns: (transfer none): the column names, unique and not empty
 */
const char * const *
clt_row_reader_get_header (CltRowReader *self)
{
  g_return_val_if_fail (CLT_IS_ROW_READER (self), NULL);

  return CLT_ROW_READER_GET_IFACE (self)->get_header (self);
}

const char *
clt_row_reader_get_encoding (CltRowReader *self)
{
  g_return_val_if_fail (CLT_IS_ROW_READER (self), NULL);

  return CLT_ROW_READER_GET_IFACE (self)->get_encoding (self);
}

/**
 * clt_row_reader_next:
 *
 * Reads the next row. %CLT_ROW_BAD means the row was unreadable and is skipped:
 * @error says why, and reading can go on. %CLT_ROW_ERROR means the file cannot be
 * read further.
 */
CltRowStatus
clt_row_reader_next (CltRowReader  *self,
                     GError       **error)
{
  g_return_val_if_fail (CLT_IS_ROW_READER (self), CLT_ROW_ERROR);

  return CLT_ROW_READER_GET_IFACE (self)->next (self, error);
}

/**
 * clt_row_reader_get_field:
 *
 * Returns: (transfer none): the current row's value in @column; "" where it has none
 */
const char *
clt_row_reader_get_field (CltRowReader *self,
                          guint         column)
{
  g_return_val_if_fail (CLT_IS_ROW_READER (self), NULL);

  return CLT_ROW_READER_GET_IFACE (self)->get_field (self, column);
}

/**
 * clt_row_reader_get_line:
 *
 * Returns: the line of the file on which the current row starts, from 1
 */
guint64
clt_row_reader_get_line (CltRowReader *self)
{
  g_return_val_if_fail (CLT_IS_ROW_READER (self), 0);

  return CLT_ROW_READER_GET_IFACE (self)->get_line (self);
}

/**
 * clt_row_reader_get_position:
 *
 * Returns: how many bytes of the file have been read, for progress
 */
guint64
clt_row_reader_get_position (CltRowReader *self)
{
  g_return_val_if_fail (CLT_IS_ROW_READER (self), 0);

  return CLT_ROW_READER_GET_IFACE (self)->get_position (self);
}
