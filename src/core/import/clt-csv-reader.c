/* clt-csv-reader.c: a streaming reader for CSV files in every dialect and encoding
 *
 * Reads RFC 4180 with doubled quotes and newlines inside quotes, CRLF, LF or CR line
 * ends and a UTF-8 BOM. Sniffs the encoding (UTF-8, UTF-16 with BOM, else Windows-1252,
 * which covers ISO-8859-15 text as German Excel writes it) and the delimiter
 * (, ; tab |). Holds one buffer and one row in memory, whatever the file's size.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "clt-csv-reader"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "clt-csv-reader.h"

#define BUFFER_SIZE     (64 * 1024)
#define SNIFF_SIZE      (64 * 1024)
#define MAX_ROW_BYTES   (64 * 1024 * 1024)
#define SNIFF_LINES     50

struct _CltCsvReader
{
  GObject        parent_instance;

  GInputStream  *base;
  GInputStream  *stream;
  char          *encoding;
  char           delimiter;
  gboolean       validate_utf8;

  guint8        *buffer;
  gsize          buffer_len;
  gsize          buffer_pos;
  gboolean       eof;
  gboolean       last_was_cr;

  GString       *row;
  GArray        *offsets;
  guint64        line;
  guint64        row_line;

  GStrv          header;
};

static void row_reader_iface_init (CltRowReaderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CltCsvReader, clt_csv_reader, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (CLT_TYPE_ROW_READER, row_reader_iface_init))

static void
clt_csv_reader_finalize (GObject *object)
{
  CltCsvReader *self = (CltCsvReader *) object;

  g_clear_object (&self->stream);
  g_clear_object (&self->base);
  g_clear_pointer (&self->encoding, g_free);
  g_clear_pointer (&self->buffer, g_free);
  g_string_free (self->row, TRUE);
  g_array_unref (self->offsets);
  g_clear_pointer (&self->header, g_strfreev);

  G_OBJECT_CLASS (clt_csv_reader_parent_class)->finalize (object);
}

static void
clt_csv_reader_class_init (CltCsvReaderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = clt_csv_reader_finalize;
}

static void
clt_csv_reader_init (CltCsvReader *self)
{
  self->buffer = g_malloc (BUFFER_SIZE);
  self->row = g_string_sized_new (1024);
  self->offsets = g_array_sized_new (FALSE, FALSE, sizeof (guint), 64);
  self->line = 1;
}

/* Encoding */

typedef struct
{
  const char *encoding;
  gsize       bom_len;
} Sniffed;

static gboolean
sniff_encoding (const guint8  *data,
                gsize          len,
                Sniffed       *out,
                GError       **error)
{
  gsize valid_multibyte = 0;
  gsize invalid = 0;
  gsize zeros_even = 0, zeros_odd = 0;

  if (len >= 3 && data[0] == 0xef && data[1] == 0xbb && data[2] == 0xbf)
    {
      *out = (Sniffed) { "UTF-8", 3 };
      return TRUE;
    }
  if (len >= 2 && data[0] == 0xff && data[1] == 0xfe)
    {
      *out = (Sniffed) { "UTF-16LE", 2 };
      return TRUE;
    }
  if (len >= 2 && data[0] == 0xfe && data[1] == 0xff)
    {
      *out = (Sniffed) { "UTF-16BE", 2 };
      return TRUE;
    }

  for (gsize i = 0; i < len; i++)
    {
      if (data[i] == 0)
        {
          if (i % 2 == 0)
            zeros_even++;
          else
            zeros_odd++;
        }
    }

  /* UTF-16 without a BOM: ASCII text with every other byte zero. */
  if (zeros_odd > len / 4 && zeros_even == 0)
    {
      *out = (Sniffed) { "UTF-16LE", 0 };
      return TRUE;
    }
  if (zeros_even > len / 4 && zeros_odd == 0)
    {
      *out = (Sniffed) { "UTF-16BE", 0 };
      return TRUE;
    }
  /* A stray NUL makes a bad row; many make a binary file. */
  if (zeros_even + zeros_odd > 2 && zeros_even + zeros_odd > len / 100)
    {
      g_set_error (error, CLT_IMPORT_ERROR, CLT_IMPORT_ERROR_BINARY,
                   _("The file holds binary data (NUL bytes), not text"));
      return FALSE;
    }

  for (gsize i = 0; i < len;)
    {
      guint8 c = data[i];
      gsize n;

      if (c < 0x80)
        {
          i++;
          continue;
        }

      n = (c & 0xe0) == 0xc0 ? 2 : (c & 0xf0) == 0xe0 ? 3 : (c & 0xf8) == 0xf0 ? 4 : 0;
      if (n == 0)
        {
          invalid++;
          i++;
          continue;
        }
      if (i + n > len)
        break; /* cut off by the end of the sample */
      if (g_utf8_validate ((const char *) data + i, n, NULL))
        valid_multibyte++;
      else
        invalid++;
      i += n;
    }

  /* A UTF-8 file with a few broken bytes stays UTF-8, and those rows are rejected. */
  if (invalid == 0 || valid_multibyte > invalid)
    *out = (Sniffed) { "UTF-8", 0 };
  else
    *out = (Sniffed) { "WINDOWS-1252", 0 };

  return TRUE;
}

static char
sniff_delimiter (const char *text,
                 gsize       len)
{
  static const char candidates[] = { ',', ';', '\t', '|' };
  guint min_count[G_N_ELEMENTS (candidates)];
  guint total[G_N_ELEMENTS (candidates)] = { 0 };
  guint counts[G_N_ELEMENTS (candidates)] = { 0 };
  guint lines = 0;
  gboolean quoted = FALSE;
  char best = ',';
  guint best_min = 0, best_total = 0;

  for (guint c = 0; c < G_N_ELEMENTS (candidates); c++)
    min_count[c] = G_MAXUINT;

  for (gsize i = 0; i < len && lines < SNIFF_LINES; i++)
    {
      char ch = text[i];

      if (ch == '"')
        quoted = !quoted;
      else if (!quoted && (ch == '\n' || ch == '\r'))
        {
          gboolean blank = TRUE;

          for (guint c = 0; c < G_N_ELEMENTS (candidates); c++)
            blank &= counts[c] == 0;

          if (ch == '\r' && i + 1 < len && text[i + 1] == '\n')
            i++;

          if (blank)
            continue;

          for (guint c = 0; c < G_N_ELEMENTS (candidates); c++)
            {
              min_count[c] = MIN (min_count[c], counts[c]);
              total[c] += counts[c];
              counts[c] = 0;
            }
          lines++;
        }
      else if (!quoted)
        {
          for (guint c = 0; c < G_N_ELEMENTS (candidates); c++)
            if (ch == candidates[c])
              counts[c]++;
        }
    }

  /* A last line without its line end counts only when nothing else was seen. */
  if (lines == 0)
    for (guint c = 0; c < G_N_ELEMENTS (candidates); c++)
      min_count[c] = total[c] = counts[c];

  /* The delimiter is on every line; among those, the most frequent wins. */
  for (guint c = 0; c < G_N_ELEMENTS (candidates); c++)
    {
      if (min_count[c] == G_MAXUINT || min_count[c] == 0)
        continue;
      if (min_count[c] > best_min || (min_count[c] == best_min && total[c] > best_total))
        {
          best = candidates[c];
          best_min = min_count[c];
          best_total = total[c];
        }
    }

  return best;
}

/* Buffering */

static gboolean
fill_buffer (CltCsvReader  *self,
             GError       **error)
{
  gssize n;

  if (self->eof)
    return TRUE;

  n = g_input_stream_read (self->stream, self->buffer, BUFFER_SIZE, NULL, error);
  if (n < 0)
    {
      g_prefix_error (error, _("Could not read the file: "));
      return FALSE;
    }

  self->buffer_len = n;
  self->buffer_pos = 0;
  self->eof = n == 0;

  return TRUE;
}

/* Parsing */

static void
end_field (CltCsvReader *self)
{
  g_string_append_c (self->row, '\0');
}

static void
start_row (CltCsvReader *self)
{
  g_string_truncate (self->row, 0);
  g_array_set_size (self->offsets, 0);
  g_array_append_val (self->offsets, (guint) { 0 });
}

static void
begin_field (CltCsvReader *self)
{
  guint offset = self->row->len;

  g_array_append_val (self->offsets, offset);
}

typedef enum
{
  STATE_START_FIELD,
  STATE_UNQUOTED,
  STATE_QUOTED,
  STATE_QUOTE_IN_QUOTED,
} State;

/* Reads one raw row into self->row (fields separated by NUL bytes) and self->offsets.
 * Returns CLT_ROW_END at the end of the input. */
static CltRowStatus
read_raw_row (CltCsvReader  *self,
              GError       **error)
{
  State state = STATE_START_FIELD;
  gboolean any = FALSE;

  start_row (self);
  self->row_line = self->line;

  for (;;)
    {
      const guint8 *p;
      const guint8 *end;

      if (self->buffer_pos >= self->buffer_len)
        {
          if (!fill_buffer (self, error))
            return CLT_ROW_ERROR;

          if (self->eof)
            {
              if (state == STATE_QUOTED)
                {
                  g_set_error (error, CLT_IMPORT_ERROR, CLT_IMPORT_ERROR_SYNTAX,
                               _("A quoted field starting on line %llu is never closed"),
                               (unsigned long long) self->row_line);
                  return CLT_ROW_BAD;
                }
              if (!any)
                return CLT_ROW_END;
              end_field (self);
              return CLT_ROW_READ;
            }
        }

      p = self->buffer + self->buffer_pos;
      end = self->buffer + self->buffer_len;

      /* A CR at the end of the last buffer may be the first half of a CRLF. */
      if (self->last_was_cr)
        {
          self->last_was_cr = FALSE;
          if (*p == '\n')
            {
              self->buffer_pos++;
              continue;
            }
        }

      while (p < end)
        {
          guint8 c = *p;

          any = TRUE;

          switch (state)
            {
            case STATE_START_FIELD:
            case STATE_UNQUOTED:
              if (state == STATE_START_FIELD && c == '"')
                {
                  state = STATE_QUOTED;
                  p++;
                  break;
                }
              if (c == (guint8) self->delimiter)
                {
                  end_field (self);
                  begin_field (self);
                  state = STATE_START_FIELD;
                  p++;
                  break;
                }
              if (c == '\n' || c == '\r')
                {
                  p++;
                  self->line++;
                  if (c == '\r')
                    {
                      if (p < end && *p == '\n')
                        p++;
                      else if (p == end)
                        self->last_was_cr = TRUE;
                    }
                  self->buffer_pos = p - self->buffer;
                  end_field (self);
                  return CLT_ROW_READ;
                }
              else
                {
                  const guint8 *start = p;

                  /* Copy up to the next character that matters in one go. */
                  while (p < end && *p != (guint8) self->delimiter && *p != '\n' && *p != '\r')
                    p++;
                  g_string_append_len (self->row, (const char *) start, p - start);
                  state = STATE_UNQUOTED;
                }
              break;

            case STATE_QUOTED:
              if (c == '"')
                {
                  state = STATE_QUOTE_IN_QUOTED;
                  p++;
                }
              else
                {
                  const guint8 *start = p;

                  while (p < end && *p != '"')
                    {
                      if (*p == '\n' || (*p == '\r' && (p + 1 >= end || p[1] != '\n')))
                        self->line++;
                      p++;
                    }
                  g_string_append_len (self->row, (const char *) start, p - start);

                  if (self->row->len > MAX_ROW_BYTES)
                    {
                      g_set_error (error, CLT_IMPORT_ERROR, CLT_IMPORT_ERROR_SYNTAX,
                                   _("A quoted field starting on line %llu runs over 64 MB; "
                                     "its closing quote is probably missing"),
                                   (unsigned long long) self->row_line);
                      return CLT_ROW_ERROR;
                    }
                }
              break;

            case STATE_QUOTE_IN_QUOTED:
              if (c == '"')
                {
                  g_string_append_c (self->row, '"');
                  state = STATE_QUOTED;
                  p++;
                }
              else
                {
                  /* The closing quote: what follows is read as unquoted text. */
                  state = STATE_UNQUOTED;
                  if (c != (guint8) self->delimiter && c != '\n' && c != '\r')
                    {
                      g_string_append_c (self->row, (char) c);
                      p++;
                    }
                }
              break;

            default:
              g_assert_not_reached ();
            }
        }

      self->buffer_pos = self->buffer_len;
    }
}

static gboolean
row_is_blank (CltCsvReader *self)
{
  return self->offsets->len == 1 && self->row->len <= 1 && self->row->str[0] == '\0';
}

static gboolean
row_is_utf8 (CltCsvReader *self)
{
  for (guint i = 0; i < self->offsets->len; i++)
    {
      if (!g_utf8_validate (self->row->str + g_array_index (self->offsets, guint, i), -1, NULL))
        return FALSE;
    }

  return TRUE;
}

static CltRowStatus
check_row (CltCsvReader  *self,
           GError       **error)
{
  const char *p = self->row->str;
  const char *end = self->row->str + self->row->len;
  guint nuls = 0;

  /* Every field ends with the NUL the parser adds; any other one came from the file. */
  while ((p = memchr (p, '\0', end - p)) != NULL)
    {
      nuls++;
      p++;
    }
  if (nuls != self->offsets->len)
    {
      g_set_error (error, CLT_IMPORT_ERROR, CLT_IMPORT_ERROR_BAD_ROW,
                   _("Line %llu holds a NUL byte"), (unsigned long long) self->row_line);
      return CLT_ROW_BAD;
    }

  if (self->validate_utf8 && !row_is_utf8 (self))
    {
      g_set_error (error, CLT_IMPORT_ERROR, CLT_IMPORT_ERROR_ENCODING,
                   _("Line %llu is not valid UTF-8 text"), (unsigned long long) self->row_line);
      return CLT_ROW_BAD;
    }

  return CLT_ROW_READ;
}

static CltRowStatus
next_row (CltCsvReader  *self,
          GError       **error)
{
  for (;;)
    {
      CltRowStatus status = read_raw_row (self, error);

      if (status != CLT_ROW_READ)
        return status;
      if (row_is_blank (self))
        continue;

      return check_row (self, error);
    }
}

static gboolean
read_header (CltCsvReader  *self,
             GError       **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  CltRowStatus status = next_row (self, error);

  if (status == CLT_ROW_END)
    {
      g_set_error (error, CLT_IMPORT_ERROR, CLT_IMPORT_ERROR_EMPTY, _("The file is empty"));
      return FALSE;
    }
  if (status != CLT_ROW_READ)
    {
      g_prefix_error (error, _("The header row cannot be read: "));
      return FALSE;
    }

  for (guint i = 0; i < self->offsets->len; i++)
    {
      g_autofree char *name = g_strstrip (g_strdup (self->row->str + g_array_index (self->offsets, guint, i)));
      g_autofree char *unique = NULL;

      if (name[0] == '\0')
        {
          g_free (name);
          /* Translators: the name given to a column whose header is empty */
          name = g_strdup_printf (_("Column %u"), i + 1);
        }

      unique = g_strdup (name);
      for (guint n = 2; g_hash_table_contains (seen, unique); n++)
        {
          g_free (unique);
          unique = g_strdup_printf ("%s (%u)", name, n);
        }

      g_hash_table_add (seen, g_strdup (unique));
      g_strv_builder_add (builder, unique);
    }

  self->header = g_strv_builder_end (builder);

  return TRUE;
}

/**
 * clt_csv_reader_new:
 * @stream: a seekable stream of the file, at its start
 *
 * Sniffs the encoding and delimiter and reads the header row.
 *
 * Returns: (transfer full): the reader, or %NULL with @error set
 */
CltCsvReader *
clt_csv_reader_new (GInputStream  *stream,
                    GError       **error)
{
  g_autoptr(CltCsvReader) self = NULL;
  g_autofree guint8 *sample = g_malloc (SNIFF_SIZE);
  g_autofree char *text = NULL;
  gsize sample_len = 0;
  gsize text_len;
  Sniffed sniffed;

  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), NULL);
  g_return_val_if_fail (G_IS_SEEKABLE (stream), NULL);

  if (!g_input_stream_read_all (stream, sample, SNIFF_SIZE, &sample_len, NULL, error))
    return NULL;

  if (sample_len == 0)
    {
      g_set_error (error, CLT_IMPORT_ERROR, CLT_IMPORT_ERROR_EMPTY, _("The file is empty"));
      return NULL;
    }

  if (!sniff_encoding (sample, sample_len, &sniffed, error))
    return NULL;

  if (!g_seekable_seek (G_SEEKABLE (stream), sniffed.bom_len, G_SEEK_SET, NULL, error))
    return NULL;

  self = g_object_new (CLT_TYPE_CSV_READER, NULL);
  self->base = g_object_ref (stream);
  self->encoding = g_strdup (sniffed.encoding);

  if (g_str_equal (sniffed.encoding, "UTF-8"))
    {
      self->stream = g_object_ref (stream);
      self->validate_utf8 = TRUE;
      text = g_strndup ((const char *) sample + sniffed.bom_len, sample_len - sniffed.bom_len);
      text_len = sample_len - sniffed.bom_len;
    }
  else
    {
      g_autoptr(GCharsetConverter) converter = g_charset_converter_new ("UTF-8", sniffed.encoding, error);
      gsize convert_len = sample_len - sniffed.bom_len;

      if (converter == NULL)
        return NULL;

      self->stream = g_converter_input_stream_new (stream, G_CONVERTER (converter));
      /* An odd cut in the UTF-16 sample is dropped for sniffing. */
      if (!g_str_equal (sniffed.encoding, "WINDOWS-1252"))
        convert_len &= ~(gsize) 1;
      text = g_convert_with_fallback ((const char *) sample + sniffed.bom_len, convert_len,
                                      "UTF-8", sniffed.encoding, "?", NULL, &text_len, NULL);
      if (text == NULL)
        {
          g_set_error (error, CLT_IMPORT_ERROR, CLT_IMPORT_ERROR_ENCODING,
                       _("The file is neither UTF-8, UTF-16 nor Windows-1252 text"));
          return NULL;
        }
    }

  self->delimiter = sniff_delimiter (text, text_len);

  if (!read_header (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * clt_csv_reader_new_for_path:
 *
 * Returns: (transfer full): a reader for the file at @path, or %NULL with @error set
 */
CltCsvReader *
clt_csv_reader_new_for_path (const char  *path,
                             GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) stream = g_file_read (file, NULL, error);

  if (stream == NULL)
    return NULL;

  return clt_csv_reader_new (G_INPUT_STREAM (stream), error);
}

const char *
clt_csv_reader_get_encoding (CltCsvReader *self)
{
  g_return_val_if_fail (CLT_IS_CSV_READER (self), NULL);

  return self->encoding;
}

char
clt_csv_reader_get_delimiter (CltCsvReader *self)
{
  g_return_val_if_fail (CLT_IS_CSV_READER (self), ',');

  return self->delimiter;
}

guint
clt_csv_reader_get_n_columns (CltCsvReader *self)
{
  g_return_val_if_fail (CLT_IS_CSV_READER (self), 0);

  return g_strv_length (self->header);
}

/**
 * clt_csv_reader_get_header:
 *
 * Returns: (transfer none): the column names, made unique and non-empty
 */
const char * const *
clt_csv_reader_get_header (CltCsvReader *self)
{
  g_return_val_if_fail (CLT_IS_CSV_READER (self), NULL);

  return (const char * const *) self->header;
}

/**
 * clt_csv_reader_next:
 *
 * Reads the next row. %CLT_ROW_BAD means the row was unreadable and is
 * skipped: @error says why, and reading can go on. %CLT_ROW_ERROR means the
 * file cannot be read further.
 */
CltRowStatus
clt_csv_reader_next (CltCsvReader  *self,
                     GError       **error)
{
  CltRowStatus status;
  guint n_columns;

  g_return_val_if_fail (CLT_IS_CSV_READER (self), CLT_ROW_ERROR);

  status = next_row (self, error);
  if (status != CLT_ROW_READ)
    return status;

  /* More fields than the header: fine while the extra ones are empty (trailing delimiters). */
  n_columns = g_strv_length (self->header);
  for (guint i = n_columns; i < self->offsets->len; i++)
    {
      if (self->row->str[g_array_index (self->offsets, guint, i)] != '\0')
        {
          g_set_error (error, CLT_IMPORT_ERROR, CLT_IMPORT_ERROR_BAD_ROW,
                       _("Line %llu has %u fields, but the header has %u columns"),
                       (unsigned long long) self->row_line, self->offsets->len, n_columns);
          return CLT_ROW_BAD;
        }
    }

  return CLT_ROW_READ;
}

/**
 * clt_csv_reader_get_n_fields:
 *
 * Returns: the number of fields in the current row, at most the number of columns
 */
guint
clt_csv_reader_get_n_fields (CltCsvReader *self)
{
  g_return_val_if_fail (CLT_IS_CSV_READER (self), 0);

  return MIN (self->offsets->len, g_strv_length (self->header));
}

/**
 * clt_csv_reader_get_field:
 * @column: a column index
 *
 * Returns: (transfer none): the field of the current row in @column; "" where a short row has none
 */
const char *
clt_csv_reader_get_field (CltCsvReader *self,
                          guint         column)
{
  g_return_val_if_fail (CLT_IS_CSV_READER (self), NULL);

  if (column >= self->offsets->len)
    return "";

  return self->row->str + g_array_index (self->offsets, guint, column);
}

/**
 * clt_csv_reader_get_line:
 *
 * Returns: the line of the file on which the current row starts, from 1
 */
guint64
clt_csv_reader_get_line (CltCsvReader *self)
{
  g_return_val_if_fail (CLT_IS_CSV_READER (self), 0);

  return self->row_line;
}

/**
 * clt_csv_reader_get_position:
 *
 * Returns: how many bytes of the file have been read, for progress
 */
guint64
clt_csv_reader_get_position (CltCsvReader *self)
{
  g_return_val_if_fail (CLT_IS_CSV_READER (self), 0);

  return g_seekable_tell (G_SEEKABLE (self->base));
}

static const char * const *
row_reader_get_header (CltRowReader *reader)
{
  return clt_csv_reader_get_header (CLT_CSV_READER (reader));
}

static const char *
row_reader_get_encoding (CltRowReader *reader)
{
  return clt_csv_reader_get_encoding (CLT_CSV_READER (reader));
}

static CltRowStatus
row_reader_next (CltRowReader  *reader,
                 GError       **error)
{
  return clt_csv_reader_next (CLT_CSV_READER (reader), error);
}

static const char *
row_reader_get_field (CltRowReader *reader,
                      guint         column)
{
  return clt_csv_reader_get_field (CLT_CSV_READER (reader), column);
}

static guint64
row_reader_get_line (CltRowReader *reader)
{
  return clt_csv_reader_get_line (CLT_CSV_READER (reader));
}

static guint64
row_reader_get_position (CltRowReader *reader)
{
  return clt_csv_reader_get_position (CLT_CSV_READER (reader));
}

static void
row_reader_iface_init (CltRowReaderInterface *iface)
{
  iface->get_header = row_reader_get_header;
  iface->get_encoding = row_reader_get_encoding;
  iface->next = row_reader_next;
  iface->get_field = row_reader_get_field;
  iface->get_line = row_reader_get_line;
  iface->get_position = row_reader_get_position;
}
