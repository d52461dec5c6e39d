/* clt-json-reader.c: rows from JSON: an array of objects, an API dump whose member holds
 * that array (Mailchimp members, HubSpot results, Shopify customers), or JSON Lines
 *
 * The file is streamed: one object at a time is held and parsed. A first pass collects
 * the columns, the paths of every value (default_address.city); a second reads the rows.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "clt-json-reader"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "clt-import-error.h"
#include "clt-json-reader.h"

#define BUFFER_SIZE      (64 * 1024)
#define MAX_RECORD_BYTES (16 * 1024 * 1024)
#define MAX_COLUMNS      10000
#define MAX_DEPTH        4

struct _CltJsonReader
{
  GObject       parent_instance;

  GInputStream *stream;
  guint8       *buffer;
  gsize         buffer_len;
  gsize         buffer_pos;
  gboolean      eof;

  /* The depth at which records start: 0 for JSON Lines, 1 in a top-level array,
   * 2 in an array member of a top-level object. */
  int           record_depth;
  int           depth;
  char          containers[8];
  gboolean      in_string;
  gboolean      escaped;
  guint64       line;
  guint64       record_line;
  GString      *record;

  GPtrArray    *header;
  GHashTable   *columns;
  GPtrArray    *fields;
  GStrv         header_strv;
};

static void row_reader_iface_init (CltRowReaderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CltJsonReader, clt_json_reader, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (CLT_TYPE_ROW_READER, row_reader_iface_init))

static void
clt_json_reader_finalize (GObject *object)
{
  CltJsonReader *self = (CltJsonReader *) object;

  g_clear_object (&self->stream);
  g_clear_pointer (&self->buffer, g_free);
  g_string_free (self->record, TRUE);
  g_clear_pointer (&self->header, g_ptr_array_unref);
  g_clear_pointer (&self->columns, g_hash_table_unref);
  g_clear_pointer (&self->fields, g_ptr_array_unref);
  g_clear_pointer (&self->header_strv, g_strfreev);

  G_OBJECT_CLASS (clt_json_reader_parent_class)->finalize (object);
}

static void
clt_json_reader_class_init (CltJsonReaderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = clt_json_reader_finalize;
}

static void
clt_json_reader_init (CltJsonReader *self)
{
  self->buffer = g_malloc (BUFFER_SIZE);
  self->record = g_string_new (NULL);
  self->header = g_ptr_array_new_with_free_func (g_free);
  self->columns = g_hash_table_new (g_str_hash, g_str_equal);
  self->fields = g_ptr_array_new_with_free_func (g_free);
}

static gboolean
rewind_stream (CltJsonReader  *self,
               GError        **error)
{
  if (!g_seekable_seek (G_SEEKABLE (self->stream), 0, G_SEEK_SET, NULL, error))
    return FALSE;

  self->buffer_len = self->buffer_pos = 0;
  self->eof = FALSE;
  self->depth = 0;
  self->in_string = self->escaped = FALSE;
  self->line = 1;

  return TRUE;
}

static int
next_byte (CltJsonReader  *self,
           GError        **error)
{
  if (self->buffer_pos >= self->buffer_len)
    {
      gssize n;

      if (self->eof)
        return -1;
      n = g_input_stream_read (self->stream, self->buffer, BUFFER_SIZE, NULL, error);
      if (n < 0)
        return -2;
      self->buffer_len = n;
      self->buffer_pos = 0;
      if (n == 0)
        {
          self->eof = TRUE;
          return -1;
        }
    }

  return self->buffer[self->buffer_pos++];
}

/* Reads up to the next record's text into self->record. Returns FALSE at the end of
 * the file, or on an error (set). */
static gboolean
next_record (CltJsonReader  *self,
             GError        **error)
{
  gboolean capturing = FALSE;
  int c;

  g_string_truncate (self->record, 0);

  while ((c = next_byte (self, error)) >= 0)
    {
      if (c == '\n')
        self->line++;

      if (capturing)
        g_string_append_c (self->record, (char) c);

      if (self->in_string)
        {
          if (self->escaped)
            self->escaped = FALSE;
          else if (c == '\\')
            self->escaped = TRUE;
          else if (c == '"')
            self->in_string = FALSE;
          continue;
        }

      switch (c)
        {
        case '"':
          self->in_string = TRUE;
          break;

        case '{':
        case '[':
          /* Records are objects at their depth, and inside an array unless at the top. */
          if (c == '{' && !capturing && self->depth == self->record_depth &&
              (self->depth == 0 || self->containers[self->depth - 1] == '['))
            {
              capturing = TRUE;
              self->record_line = self->line;
              g_string_append_c (self->record, '{');
            }
          if (self->depth < (int) G_N_ELEMENTS (self->containers))
            self->containers[self->depth] = (char) c;
          self->depth++;
          break;

        case '}':
        case ']':
          /* A closing bracket too many is left to the parser of the record to refuse. */
          if (self->depth > 0)
            self->depth--;
          if (capturing && self->depth == self->record_depth)
            return TRUE;
          break;

        default:
          break;
        }

      if (capturing && self->record->len > MAX_RECORD_BYTES)
        {
          g_set_error (error, CLT_IMPORT_ERROR, CLT_IMPORT_ERROR_SYNTAX,
                       _("The object starting on line %llu is larger than 16 MB"),
                       (unsigned long long) self->record_line);
          return FALSE;
        }
    }

  if (c == -2)
    return FALSE;

  if (capturing)
    {
      g_set_error (error, CLT_IMPORT_ERROR, CLT_IMPORT_ERROR_SYNTAX,
                   _("The object starting on line %llu is never closed"),
                   (unsigned long long) self->record_line);
      return FALSE;
    }

  return FALSE;
}

/* Where the records are: objects of a top-level array, of the first member array of a
 * top-level object, or top-level objects one after the other. */
static void
find_record_depth (CltJsonReader *self,
                   const guint8  *data,
                   gsize          len)
{
  gsize i = 0;
  int depth = 0;
  gboolean in_string = FALSE, escaped = FALSE;

  while (i < len && (g_ascii_isspace (data[i]) || data[i] >= 0x80))
    i++;

  if (i < len && data[i] == '[')
    {
      self->record_depth = 1;
      return;
    }

  self->record_depth = 0;
  for (; i < len; i++)
    {
      guint8 c = data[i];

      if (in_string)
        {
          if (escaped)
            escaped = FALSE;
          else if (c == '\\')
            escaped = TRUE;
          else if (c == '"')
            in_string = FALSE;
          continue;
        }

      if (c == '"')
        in_string = TRUE;
      else if (c == '{' || c == '[')
        {
          if (c == '[' && depth == 1)
            {
              gsize j = i + 1;

              while (j < len && g_ascii_isspace (data[j]))
                j++;
              if (j < len && data[j] == '{')
                {
                  self->record_depth = 2;
                  return;
                }
            }
          depth++;
        }
      else if (c == '}' || c == ']')
        {
          if (--depth == 0)
            return;
        }
    }
}

static char *
value_to_string (JsonNode *node)
{
  GType type = json_node_get_value_type (node);

  if (type == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  if (type == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
  if (type == G_TYPE_BOOLEAN)
    return g_strdup (json_node_get_boolean (node) ? "true" : "false");
  if (type == G_TYPE_DOUBLE)
    {
      char text[G_ASCII_DTOSTR_BUF_SIZE];

      return g_strdup (g_ascii_dtostr (text, sizeof text, json_node_get_double (node)));
    }

  return NULL;
}

typedef void (*Visit) (CltJsonReader *self,
                       const char    *path,
                       char          *value);

/* Calls @visit with each scalar's path and value; lists of scalars become one value. */
static void
flatten (CltJsonReader *self,
         JsonNode      *node,
         const char    *path,
         guint          depth,
         Visit          visit)
{
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_VALUE:
      visit (self, path, value_to_string (node));
      break;

    case JSON_NODE_OBJECT:
      if (depth >= MAX_DEPTH)
        break;
      {
        JsonObjectIter iter;
        const char *name;
        JsonNode *member;

        /* In the file's order, so the columns are too. */
        json_object_iter_init_ordered (&iter, json_node_get_object (node));
        while (json_object_iter_next_ordered (&iter, &name, &member))
          {
            g_autofree char *child = path[0] ? g_strconcat (path, ".", name, NULL) : g_strdup (name);

            flatten (self, member, child, depth + 1, visit);
          }
      }
      break;

    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        g_autoptr(GString) joined = g_string_new (NULL);

        for (guint i = 0; i < json_array_get_length (array); i++)
          {
            g_autofree char *text = NULL;
            JsonNode *element = json_array_get_element (array, i);

            if (!JSON_NODE_HOLDS_VALUE (element) || !(text = value_to_string (element)))
              continue;
            if (joined->len > 0)
              g_string_append (joined, ", ");
            g_string_append (joined, text);
          }
        if (joined->len > 0)
          visit (self, path, g_string_free (g_steal_pointer (&joined), FALSE));
      }
      break;

    case JSON_NODE_NULL:
    default:
      break;
    }
}

static void
add_column (CltJsonReader *self,
            const char    *path,
            char          *value)
{
  g_free (value);

  if (g_hash_table_contains (self->columns, path) || self->header->len >= MAX_COLUMNS)
    return;

  g_ptr_array_add (self->header, g_strdup (path));
  g_hash_table_insert (self->columns, g_ptr_array_index (self->header, self->header->len - 1),
                       GUINT_TO_POINTER (self->header->len));
}

static void
set_field (CltJsonReader *self,
           const char    *path,
           char          *value)
{
  guint column = GPOINTER_TO_UINT (g_hash_table_lookup (self->columns, path));

  if (column == 0)
    {
      g_free (value);
      return;
    }

  g_free (g_ptr_array_index (self->fields, column - 1));
  g_ptr_array_index (self->fields, column - 1) = value;
}

static JsonNode *
parse_record (CltJsonReader  *self,
              GError        **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;

  if (!json_parser_load_from_data (parser, self->record->str, self->record->len, &local_error))
    {
      g_set_error (error, CLT_IMPORT_ERROR, CLT_IMPORT_ERROR_BAD_ROW,
                   _("The object starting on line %llu is not valid JSON: %s"),
                   (unsigned long long) self->record_line, local_error->message);
      return NULL;
    }

  return json_parser_steal_root (parser);
}

/**
 * clt_json_reader_new:
 * @stream: a seekable stream of the file, at its start
 *
 * Finds the records and reads every one once, for their columns.
 *
 * Returns: (transfer full): the reader, or %NULL with @error set
 */
CltJsonReader *
clt_json_reader_new (GInputStream  *stream,
                     GError       **error)
{
  g_autoptr(CltJsonReader) self = g_object_new (CLT_TYPE_JSON_READER, NULL);
  g_autoptr(GError) local_error = NULL;
  gsize sample_len = 0;

  g_return_val_if_fail (G_IS_SEEKABLE (stream), NULL);

  self->stream = g_object_ref (stream);

  if (!g_input_stream_read_all (stream, self->buffer, BUFFER_SIZE, &sample_len, NULL, error))
    return NULL;
  find_record_depth (self, self->buffer, sample_len);

  if (!rewind_stream (self, error))
    return NULL;

  while (next_record (self, &local_error))
    {
      g_autoptr(JsonNode) root = parse_record (self, NULL);

      if (root != NULL)
        flatten (self, root, "", 0, add_column);
    }

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  if (self->header->len == 0)
    {
      g_set_error (error, CLT_IMPORT_ERROR, CLT_IMPORT_ERROR_EMPTY, _("The file holds no records"));
      return NULL;
    }

  g_ptr_array_add (self->header, NULL);
  self->header_strv = g_strdupv ((char **) self->header->pdata);
  g_ptr_array_set_size (self->header, self->header->len - 1);
  g_ptr_array_set_size (self->fields, self->header->len);

  if (!rewind_stream (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

static const char * const *
row_reader_get_header (CltRowReader *reader)
{
  return (const char * const *) CLT_JSON_READER (reader)->header_strv;
}

static const char *
row_reader_get_encoding (CltRowReader *reader)
{
  return "UTF-8";
}

static CltRowStatus
row_reader_next (CltRowReader  *reader,
                 GError       **error)
{
  CltJsonReader *self = CLT_JSON_READER (reader);
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) local_error = NULL;

  if (!next_record (self, &local_error))
    {
      if (local_error == NULL)
        return CLT_ROW_END;
      g_propagate_error (error, g_steal_pointer (&local_error));
      return CLT_ROW_ERROR;
    }

  for (guint i = 0; i < self->fields->len; i++)
    g_clear_pointer (&g_ptr_array_index (self->fields, i), g_free);

  if (!(root = parse_record (self, error)))
    return CLT_ROW_BAD;

  flatten (self, root, "", 0, set_field);

  return CLT_ROW_READ;
}

static const char *
row_reader_get_field (CltRowReader *reader,
                      guint         column)
{
  CltJsonReader *self = CLT_JSON_READER (reader);
  const char *value = column < self->fields->len ? g_ptr_array_index (self->fields, column) : NULL;

  return value ? value : "";
}

static guint64
row_reader_get_line (CltRowReader *reader)
{
  return CLT_JSON_READER (reader)->record_line;
}

static guint64
row_reader_get_position (CltRowReader *reader)
{
  return g_seekable_tell (G_SEEKABLE (CLT_JSON_READER (reader)->stream));
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
