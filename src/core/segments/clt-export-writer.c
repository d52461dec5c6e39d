/* clt-export-writer.c: an audience written as a newsletter tool, a spreadsheet or an address book reads it
 *
 * Mailchimp's import columns, Brevo's attribute names (phone numbers as digits with the
 * country code, as its SMS attribute wants them), CleverReach's semicolon-separated file, a
 * plain CSV of chosen columns, or vCard 3.0. CSV cells follow RFC 4180. A value a spreadsheet
 * would run as a formula (starting with = + - @, a tab or a carriage return) is neutralised
 * with a leading apostrophe, unless it is a plain number or phone number. The writer hashes
 * what it writes (SHA-256), for the record of the export.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "clt-export-writer"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "clt-export-writer.h"

struct _CltExportWriter
{
  GObject          parent_instance;

  CltExportFormat  format;
  GStrv            columns;
  GOutputStream   *stream;
  GChecksum       *checksum;
  char            *sha256;
  GString         *line;
  gint64           count;
  char             separator;
};

G_DEFINE_FINAL_TYPE (CltExportWriter, clt_export_writer, G_TYPE_OBJECT)

static const char * const format_ids[] = {
  [CLT_EXPORT_FORMAT_MAILCHIMP] = "mailchimp",
  [CLT_EXPORT_FORMAT_BREVO] = "brevo",
  [CLT_EXPORT_FORMAT_CLEVERREACH] = "cleverreach",
  [CLT_EXPORT_FORMAT_CSV] = "csv",
  [CLT_EXPORT_FORMAT_VCARD] = "vcard",
};

/* The columns a plain CSV may have, in this order of choice. */
static const char * const columns[] = {
  "email", "first_name", "last_name", "phone", "street", "postcode", "city", "country", "birthday", "company",
  "spend", "orders", "last_activity", "legal_basis", NULL
};

gboolean
clt_export_format_from_string (const char      *text,
                               CltExportFormat *format)
{
  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (format_ids); i++)
    if (g_str_equal (format_ids[i], text))
      {
        *format = i;
        return TRUE;
      }

  return FALSE;
}

const char *
clt_export_format_to_string (CltExportFormat format)
{
  g_return_val_if_fail (format < G_N_ELEMENTS (format_ids), NULL);

  return format_ids[format];
}

const char *
clt_export_format_get_extension (CltExportFormat format)
{
  return format == CLT_EXPORT_FORMAT_VCARD ? "vcf" : "csv";
}

/**
 * clt_export_list_columns:
 *
 * Returns: (transfer none): the columns a plain CSV export may have
 */
const char * const *
clt_export_list_columns (void)
{
  return columns;
}

static gboolean
is_plain_number (const char *value)
{
  gboolean digit = FALSE;

  for (const char *p = value; *p; p++)
    {
      if (g_ascii_isdigit (*p))
        digit = TRUE;
      else if (!strchr ("+-() ./", *p))
        return FALSE;
    }

  return digit;
}

/**
 * clt_export_neutralise:
 *
 * Returns: (transfer full): @value, with an apostrophe before it where a spreadsheet would
 *   take it for a formula
 */
char *
clt_export_neutralise (const char *value)
{
  if (value == NULL)
    return g_strdup ("");
  if (strchr ("=+-@\t\r", value[0]) && value[0] != '\0' && !is_plain_number (value))
    return g_strconcat ("'", value, NULL);

  return g_strdup (value);
}

static const char *
record_value (const CltExportRecord *record,
              const char            *column)
{
  static const struct { const char *column; gsize offset; } offsets[] = {
    { "email", G_STRUCT_OFFSET (CltExportRecord, email) },
    { "first_name", G_STRUCT_OFFSET (CltExportRecord, first_name) },
    { "last_name", G_STRUCT_OFFSET (CltExportRecord, last_name) },
    { "phone", G_STRUCT_OFFSET (CltExportRecord, phone) },
    { "street", G_STRUCT_OFFSET (CltExportRecord, street) },
    { "postcode", G_STRUCT_OFFSET (CltExportRecord, postcode) },
    { "city", G_STRUCT_OFFSET (CltExportRecord, city) },
    { "country", G_STRUCT_OFFSET (CltExportRecord, country) },
    { "birthday", G_STRUCT_OFFSET (CltExportRecord, birthday) },
    { "company", G_STRUCT_OFFSET (CltExportRecord, company) },
    { "spend", G_STRUCT_OFFSET (CltExportRecord, spend) },
    { "orders", G_STRUCT_OFFSET (CltExportRecord, orders) },
    { "last_activity", G_STRUCT_OFFSET (CltExportRecord, last_activity) },
    { "legal_basis", G_STRUCT_OFFSET (CltExportRecord, legal_basis) },
  };

  for (guint i = 0; i < G_N_ELEMENTS (offsets); i++)
    if (g_str_equal (offsets[i].column, column))
      return G_STRUCT_MEMBER (const char *, record, offsets[i].offset);

  g_return_val_if_reached (NULL);
}

/* A CSV cell: neutralised, quoted when it holds the separator, a quote or a line end. */
static void
append_cell (CltExportWriter *self,
             const char      *value)
{
  g_autofree char *safe = clt_export_neutralise (value);

  if (self->line->len > 0 && self->line->str[self->line->len - 1] != '\n')
    g_string_append_c (self->line, self->separator);

  if (strchr (safe, self->separator) || strpbrk (safe, "\"\r\n"))
    {
      g_string_append_c (self->line, '"');
      for (const char *p = safe; *p; p++)
        {
          if (*p == '"')
            g_string_append_c (self->line, '"');
          g_string_append_c (self->line, *p);
        }
      g_string_append_c (self->line, '"');
    }
  else
    g_string_append (self->line, safe);
}

/* A vCard text value: backslash, comma, semicolon and line ends escaped (RFC 2426). */
static void
append_vcard_text (GString    *line,
                   const char *value)
{
  for (const char *p = value ? value : ""; *p; p++)
    switch (*p)
      {
      case '\\': g_string_append (line, "\\\\"); break;
      case ',': g_string_append (line, "\\,"); break;
      case ';': g_string_append (line, "\\;"); break;
      case '\n': g_string_append (line, "\\n"); break;
      case '\r': break;
      default: g_string_append_c (line, *p); break;
      }
}

static gboolean
flush (CltExportWriter  *self,
       GCancellable     *cancellable,
       GError          **error)
{
  gboolean ok;

  g_checksum_update (self->checksum, (const guchar *) self->line->str, self->line->len);
  ok = g_output_stream_write_all (self->stream, self->line->str, self->line->len, NULL, cancellable, error);
  g_string_truncate (self->line, 0);

  return ok;
}

/* Brevo's SMS attribute: the E.164 number's digits, without the plus. */
static char *
digits (const char *phone)
{
  GString *out = g_string_new (NULL);

  for (const char *p = phone ? phone : ""; *p; p++)
    if (g_ascii_isdigit (*p))
      g_string_append_c (out, *p);

  return g_string_free (out, FALSE);
}

static void
clt_export_writer_finalize (GObject *object)
{
  CltExportWriter *self = CLT_EXPORT_WRITER (object);

  g_strfreev (self->columns);
  g_clear_object (&self->stream);
  g_checksum_free (self->checksum);
  g_free (self->sha256);
  g_string_free (self->line, TRUE);

  G_OBJECT_CLASS (clt_export_writer_parent_class)->finalize (object);
}

static void
clt_export_writer_class_init (CltExportWriterClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = clt_export_writer_finalize;
}

static void
clt_export_writer_init (CltExportWriter *self)
{
  self->checksum = g_checksum_new (G_CHECKSUM_SHA256);
  self->line = g_string_new (NULL);
  self->separator = ',';
}

/**
 * clt_export_writer_new:
 * @columns: (nullable): for %CLT_EXPORT_FORMAT_CSV, the columns (see clt_export_list_columns())
 *
 * Writes the header line of @format to @stream.
 *
 * Returns: (transfer full): the writer, or %NULL with @error set for unknown columns
 */
CltExportWriter *
clt_export_writer_new (CltExportFormat      format,
                       const char * const  *chosen,
                       GOutputStream       *stream,
                       GError             **error)
{
  g_autoptr(CltExportWriter) self = g_object_new (CLT_TYPE_EXPORT_WRITER, NULL);
  static const char * const mailchimp[] = { "Email Address", "First Name", "Last Name", "Address", "Phone Number",
                                            "Birthday", NULL };
  static const char * const brevo[] = { "EMAIL", "FIRSTNAME", "LASTNAME", "SMS", NULL };
  static const char * const cleverreach[] = { "email", "firstname", "lastname", "street", "zip", "city", "country", NULL };
  static const char * const plain[] = { "email", "first_name", "last_name", NULL };
  const char * const *header = NULL;

  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), NULL);

  self->format = format;
  self->stream = g_object_ref (stream);

  switch (format)
    {
    case CLT_EXPORT_FORMAT_MAILCHIMP: header = mailchimp; break;
    case CLT_EXPORT_FORMAT_BREVO: header = brevo; break;
    case CLT_EXPORT_FORMAT_CLEVERREACH: header = cleverreach; self->separator = ';'; break;
    case CLT_EXPORT_FORMAT_CSV:
      if (chosen == NULL || chosen[0] == NULL)
        chosen = plain;
      for (guint i = 0; chosen[i]; i++)
        if (!g_strv_contains (columns, chosen[i]))
          {
            g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, _("There is no column “%s” to export"), chosen[i]);
            return NULL;
          }
      self->columns = g_strdupv ((char **) chosen);
      header = chosen;
      break;
    case CLT_EXPORT_FORMAT_VCARD:
    default:
      return g_steal_pointer (&self);
    }

  for (guint i = 0; header[i]; i++)
    append_cell (self, header[i]);
  g_string_append (self->line, "\r\n");
  if (!flush (self, NULL, error))
    return NULL;

  return g_steal_pointer (&self);
}

/* Writes one recipient. */
gboolean
clt_export_writer_add (CltExportWriter        *self,
                       const CltExportRecord  *record,
                       GCancellable           *cancellable,
                       GError                **error)
{
  g_return_val_if_fail (CLT_IS_EXPORT_WRITER (self), FALSE);
  g_return_val_if_fail (record != NULL, FALSE);

  switch (self->format)
    {
    case CLT_EXPORT_FORMAT_MAILCHIMP:
      {
        g_autofree char *address = NULL;
        g_autofree char *birthday = NULL;

        /* Mailchimp reads an address as "street  city  state  zip  country", two spaces apart,
         * and birthdays as MM/DD. */
        if (record->street || record->city || record->postcode)
          address = g_strjoin ("  ", record->street ? record->street : "", record->city ? record->city : "", "",
                               record->postcode ? record->postcode : "", record->country ? record->country : "", NULL);
        if (record->birthday && strlen (record->birthday) >= 10)
          birthday = g_strdup_printf ("%.2s/%.2s", record->birthday + 5, record->birthday + 8);
        append_cell (self, record->email);
        append_cell (self, record->first_name);
        append_cell (self, record->last_name);
        append_cell (self, address);
        append_cell (self, record->phone);
        append_cell (self, birthday);
      }
      break;

    case CLT_EXPORT_FORMAT_BREVO:
      {
        g_autofree char *sms = digits (record->phone);

        append_cell (self, record->email);
        append_cell (self, record->first_name);
        append_cell (self, record->last_name);
        append_cell (self, sms);
      }
      break;

    case CLT_EXPORT_FORMAT_CLEVERREACH:
      append_cell (self, record->email);
      append_cell (self, record->first_name);
      append_cell (self, record->last_name);
      append_cell (self, record->street);
      append_cell (self, record->postcode);
      append_cell (self, record->city);
      append_cell (self, record->country);
      break;

    case CLT_EXPORT_FORMAT_CSV:
      for (guint i = 0; self->columns[i]; i++)
        append_cell (self, record_value (record, self->columns[i]));
      break;

    case CLT_EXPORT_FORMAT_VCARD:
    default:
      g_string_append (self->line, "BEGIN:VCARD\r\nVERSION:3.0\r\nN:");
      append_vcard_text (self->line, record->last_name);
      g_string_append_c (self->line, ';');
      append_vcard_text (self->line, record->first_name);
      g_string_append (self->line, ";;;\r\nFN:");
      {
        g_autofree char *full = g_strjoin (" ", record->first_name ? record->first_name : "",
                                           record->last_name ? record->last_name : "", NULL);

        append_vcard_text (self->line, g_strstrip (full)[0] ? full : (record->email ? record->email : ""));
      }
      g_string_append (self->line, "\r\n");
      if (record->email)
        {
          g_string_append (self->line, "EMAIL;TYPE=INTERNET:");
          append_vcard_text (self->line, record->email);
          g_string_append (self->line, "\r\n");
        }
      if (record->phone)
        {
          g_string_append (self->line, "TEL:");
          append_vcard_text (self->line, record->phone);
          g_string_append (self->line, "\r\n");
        }
      if (record->street || record->city || record->postcode)
        {
          g_string_append (self->line, "ADR:;;");
          append_vcard_text (self->line, record->street);
          g_string_append_c (self->line, ';');
          append_vcard_text (self->line, record->city);
          g_string_append (self->line, ";;");
          append_vcard_text (self->line, record->postcode);
          g_string_append_c (self->line, ';');
          append_vcard_text (self->line, record->country);
          g_string_append (self->line, "\r\n");
        }
      if (record->company)
        {
          g_string_append (self->line, "ORG:");
          append_vcard_text (self->line, record->company);
          g_string_append (self->line, "\r\n");
        }
      if (record->birthday)
        {
          g_string_append (self->line, "BDAY:");
          append_vcard_text (self->line, record->birthday);
          g_string_append (self->line, "\r\n");
        }
      g_string_append (self->line, "END:VCARD");
      break;
    }

  g_string_append (self->line, "\r\n");
  if (!flush (self, cancellable, error))
    return FALSE;
  self->count++;

  return TRUE;
}

/* Closes the stream; the hash is known from then on. */
gboolean
clt_export_writer_finish (CltExportWriter  *self,
                          GCancellable     *cancellable,
                          GError          **error)
{
  g_return_val_if_fail (CLT_IS_EXPORT_WRITER (self), FALSE);

  if (!g_output_stream_close (self->stream, cancellable, error))
    return FALSE;
  self->sha256 = g_strdup (g_checksum_get_string (self->checksum));

  return TRUE;
}

gint64
clt_export_writer_get_count (CltExportWriter *self)
{
  g_return_val_if_fail (CLT_IS_EXPORT_WRITER (self), 0);

  return self->count;
}

/**
 * clt_export_writer_get_sha256:
 *
 * Returns: (nullable): the hex SHA-256 of the whole file, once finished
 */
const char *
clt_export_writer_get_sha256 (CltExportWriter *self)
{
  g_return_val_if_fail (CLT_IS_EXPORT_WRITER (self), NULL);

  return self->sha256;
}
