/* clt-importer.c: one import of one file into the workspace, as one transaction
 *
 * Reads the file row by row, normalises each value, keeps the row as imported with its
 * file, line and batch, links it to a profile by its e-mail address or loyalty card,
 * and records purchases, newsletter activity and consent evidence. A newer export of the
 * same source updates that source's records and keeps what they were; a file imported
 * before adds nothing. Dry runs count everything and roll back.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "clt-importer"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "clt-import-error.h"
#include "clt-row-reader.h"
#include "clt-importer.h"
#include "clt-value.h"
#include "clt-consent-private.h"
#include "clt-workspace-private.h"

#define N_SAMPLES        3
#define N_PREVIEW        3
#define PROGRESS_EVERY   2000
#define MAX_REJECTS_KEPT 10000

struct _CltImporter
{
  GObject       parent_instance;

  char         *workspace_path;
  GFile        *file;
  char         *file_name;
  CltMapping   *mapping;
  char         *encoding;
  char         *source_name;
  GPtrArray    *samples;

  GMainContext *context;
  double        fraction;
  gint64        batch_id;
  gint64        previous_batch;
  guint64       rows_read;
  guint64       rows_new;
  guint64       rows_updated;
  guint64       rows_unchanged;
  guint64       rows_rejected;
  guint64       rows_suppressed;
  char         *actor;
  char         *notice;
  GArray       *rejects;
  GPtrArray    *preview;
};

enum {
  PROP_0,
  PROP_FRACTION,
  PROP_ROWS_READ,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (CltImporter, clt_importer, G_TYPE_OBJECT)

static void
reject_clear (gpointer data)
{
  CltImportReject *reject = data;

  g_clear_pointer (&reject->column, g_free);
  g_clear_pointer (&reject->reason, g_free);
}

static void
clt_importer_finalize (GObject *object)
{
  CltImporter *self = (CltImporter *) object;

  g_clear_pointer (&self->workspace_path, g_free);
  g_clear_object (&self->file);
  g_clear_pointer (&self->file_name, g_free);
  g_clear_object (&self->mapping);
  g_clear_pointer (&self->encoding, g_free);
  g_clear_pointer (&self->source_name, g_free);
  g_clear_pointer (&self->actor, g_free);
  g_clear_pointer (&self->notice, g_free);
  g_clear_pointer (&self->samples, g_ptr_array_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_pointer (&self->rejects, g_array_unref);
  g_clear_pointer (&self->preview, g_ptr_array_unref);

  G_OBJECT_CLASS (clt_importer_parent_class)->finalize (object);
}

static void
clt_importer_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  CltImporter *self = CLT_IMPORTER (object);

  switch (prop_id)
    {
    case PROP_FRACTION:
      g_value_set_double (value, self->fraction);
      break;

    case PROP_ROWS_READ:
      g_value_set_uint64 (value, self->rows_read);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
clt_importer_class_init (CltImporterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = clt_importer_finalize;
  object_class->get_property = clt_importer_get_property;

  properties[PROP_FRACTION] =
    g_param_spec_double ("fraction", NULL, NULL,
                         0, 1, 0,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_ROWS_READ] =
    g_param_spec_uint64 ("rows-read", NULL, NULL,
                         0, G_MAXUINT64, 0,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
clt_importer_init (CltImporter *self)
{
  self->samples = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  self->rejects = g_array_new (FALSE, TRUE, sizeof (CltImportReject));
  self->preview = g_ptr_array_new_with_free_func (g_free);
  g_array_set_clear_func (self->rejects, reject_clear);
}

/**
 * clt_importer_new:
 * @workspace_path: the workspace file; the importer opens its own connection to it
 * @file: the export to import
 */
CltImporter *
clt_importer_new (const char *workspace_path,
                  GFile      *file)
{
  CltImporter *self;

  g_return_val_if_fail (workspace_path != NULL, NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  self = g_object_new (CLT_TYPE_IMPORTER, NULL);
  self->workspace_path = g_strdup (workspace_path);
  self->file = g_object_ref (file);
  self->file_name = g_file_get_basename (file);

  return self;
}

static CltRowReader *
open_reader (CltImporter  *self,
             GError      **error)
{
  CltRowReader *reader = clt_row_reader_open (self->file, error);

  if (reader == NULL)
    g_prefix_error (error, "%s: ", self->file_name);

  return reader;
}

static char *
default_source_name (CltImporter     *self,
                     const CltPreset *preset)
{
  char *stem;
  char *dot;

  if (preset != clt_preset_get_generic ())
    return g_strdup (_(preset->source_name));

  /* A file of no known system is its own source, named after the file. */
  stem = g_strdup (self->file_name);
  if ((dot = strrchr (stem, '.')) != NULL && dot != stem)
    *dot = '\0';

  return stem;
}

/* The mapping used for this source last time, if it still fits the file's columns. */
static CltMapping *
load_saved_mapping (CltImporter         *self,
                    const char * const  *header,
                    const CltPreset     *preset)
{
  g_autoptr(CltWorkspace) workspace = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(CltMapping) mapping = NULL;

  if (!g_file_test (self->workspace_path, G_FILE_TEST_EXISTS) ||
      !(workspace = clt_workspace_open (self->workspace_path, NULL)) ||
      !(stmt = _clt_workspace_prepare (workspace,
                                       "SELECT m.mapping FROM source_mappings m JOIN sources s ON s.id = m.source_id "
                                       "WHERE s.name = ?1", NULL)))
    return NULL;

  sqlite3_bind_text (stmt, 1, self->source_name, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;

  mapping = clt_mapping_new_from_json (header, (const char *) sqlite3_column_text (stmt, 0), NULL);
  if (mapping == NULL || clt_mapping_get_preset (mapping) != preset)
    return NULL;

  return g_steal_pointer (&mapping);
}

/**
 * clt_importer_prepare:
 * @preset: (nullable): the preset to read the file with; %NULL recognises it from the header
 *
 * Reads the file's encoding, header and first rows, and maps its columns:
 * as for this source last time where the columns are the same, else by the preset.
 */
gboolean
clt_importer_prepare (CltImporter      *self,
                      const CltPreset  *preset,
                      GError          **error)
{
  g_autoptr(CltRowReader) reader = NULL;
  g_autoptr(CltMapping) mapping = NULL;
  const char * const *header;

  g_return_val_if_fail (CLT_IS_IMPORTER (self), FALSE);

  if (!(reader = open_reader (self, error)))
    return FALSE;

  header = clt_row_reader_get_header (reader);
  g_set_str (&self->encoding, clt_row_reader_get_encoding (reader));

  g_ptr_array_set_size (self->samples, 0);
  while (self->samples->len < N_SAMPLES)
    {
      g_autoptr(GError) row_error = NULL;
      CltRowStatus status = clt_row_reader_next (reader, &row_error);
      g_autoptr(GStrvBuilder) row = NULL;

      if (status == CLT_ROW_END || status == CLT_ROW_ERROR)
        break;
      if (status == CLT_ROW_BAD)
        continue;

      row = g_strv_builder_new ();
      for (guint i = 0; header[i]; i++)
        g_strv_builder_add (row, clt_row_reader_get_field (reader, i));
      g_ptr_array_add (self->samples, g_strv_builder_end (row));
    }

  if (preset == NULL)
    preset = clt_preset_recognise (header);
  if (preset == NULL)
    preset = clt_preset_get_generic ();

  if (self->source_name == NULL)
    self->source_name = default_source_name (self, preset);

  if (!(mapping = load_saved_mapping (self, header, preset)))
    mapping = clt_mapping_new_for_header (header, preset);

  g_set_object (&self->mapping, mapping);

  return TRUE;
}

GFile *
clt_importer_get_file (CltImporter *self)
{
  g_return_val_if_fail (CLT_IS_IMPORTER (self), NULL);

  return self->file;
}

/**
 * clt_importer_get_mapping:
 *
 * Returns: (transfer none) (nullable): the column mapping, once prepared
 */
CltMapping *
clt_importer_get_mapping (CltImporter *self)
{
  g_return_val_if_fail (CLT_IS_IMPORTER (self), NULL);

  return self->mapping;
}

void
clt_importer_set_mapping (CltImporter *self,
                          CltMapping  *mapping)
{
  g_return_if_fail (CLT_IS_IMPORTER (self));
  g_return_if_fail (CLT_IS_MAPPING (mapping));

  g_set_object (&self->mapping, mapping);
}

const char *
clt_importer_get_encoding (CltImporter *self)
{
  g_return_val_if_fail (CLT_IS_IMPORTER (self), NULL);

  return self->encoding;
}

const char *
clt_importer_get_source_name (CltImporter *self)
{
  g_return_val_if_fail (CLT_IS_IMPORTER (self), NULL);

  return self->source_name;
}

void
clt_importer_set_source_name (CltImporter *self,
                              const char  *source_name)
{
  g_return_if_fail (CLT_IS_IMPORTER (self));

  g_set_str (&self->source_name, source_name);
}

/**
 * clt_importer_get_samples:
 *
 * Returns: (transfer none) (element-type GStrv): the first rows of the file, for previews
 */
GPtrArray *
clt_importer_get_samples (CltImporter *self)
{
  g_return_val_if_fail (CLT_IS_IMPORTER (self), NULL);

  return self->samples;
}

/* Running */

typedef struct
{
  CltImporter     *self;
  CltWorkspace    *workspace;
  const CltPreset *preset;
  CltMapping      *mapping;
  char            *now;
  gint64           source_id;
  gint64           batch_id;

  sqlite3_stmt    *find_record;
  sqlite3_stmt    *find_record_id;
  sqlite3_stmt    *insert_record;
  sqlite3_stmt    *update_record;
  sqlite3_stmt    *mark_unresolved;
  sqlite3_stmt    *insert_change;
  sqlite3_stmt    *insert_identifier;
  sqlite3_stmt    *delete_identifiers;
  sqlite3_stmt    *find_profile;
  sqlite3_stmt    *insert_profile;
  sqlite3_stmt    *fill_profile;
  sqlite3_stmt    *insert_event;
  sqlite3_stmt    *find_event;
  sqlite3_stmt    *update_event;
  sqlite3_stmt    *insert_consent;
  sqlite3_stmt    *find_consent;
  sqlite3_stmt    *insert_reject;
  /* The suppression list, when it has entries: suppressed people's rows are refused. */
  CltSuppression  *suppression;

  /* The order being read, for exports with one row per line item. */
  char            *order_id;
  guint            order_line;
  gint64           order_profile;
  gint64           order_event;
  GString         *order_items;

  /* The current row: each field's raw values and normalised value. */
  GPtrArray       *raw[CLT_N_FIELDS];
  GPtrArray       *emails;
  GPtrArray       *phones;
  GHashTable      *countries;

  /* The records and profiles of this batch by the 64-bit hashes of their keys and
   * identifiers; only what was in the workspace before the batch is looked up in SQL. */
  GHashTable      *batch_records;
  GHashTable      *batch_profiles;
  gboolean         source_had_records;
  gboolean         workspace_had_identifiers;
  /* Indexes dropped for a first import into an empty workspace, and made again at its end. */
  GPtrArray       *deferred_indexes;
  char            *norm[CLT_N_FIELDS];
  gint64           amount_cents;

  /* The mapping, looked up once, and the current row's values by column. */
  guint            n_columns;
  CltField        *column_fields;
  gboolean         keep_unmapped;
  const char     **fields;
  /* The current row as stored, in buffers kept from row to row. */
  GString         *raw_buf;
  GString         *norm_buf;
  gboolean         has_amount;
} Run;

static void
run_clear_row (Run *run)
{
  /* A row fills few of the fields: only those are cleared. */
  for (guint i = 0; i < CLT_N_FIELDS; i++)
    {
      if (run->raw[i]->len > 0)
        g_ptr_array_set_size (run->raw[i], 0);
      g_clear_pointer (&run->norm[i], g_free);
    }
  g_ptr_array_set_size (run->emails, 0);
  g_ptr_array_set_size (run->phones, 0);
  run->has_amount = FALSE;
}

static void
run_clear (Run *run)
{
  sqlite3_stmt **stmts[] = {
    &run->find_record, &run->find_record_id, &run->insert_record, &run->update_record, &run->mark_unresolved, &run->insert_change,
    &run->insert_identifier, &run->delete_identifiers, &run->find_profile, &run->insert_profile,
    &run->fill_profile, &run->insert_event, &run->find_event, &run->update_event,
    &run->insert_consent, &run->find_consent, &run->insert_reject,
  };

  for (guint i = 0; i < G_N_ELEMENTS (stmts); i++)
    g_clear_pointer (stmts[i], sqlite3_finalize);

  for (guint i = 0; i < CLT_N_FIELDS; i++)
    {
      g_clear_pointer (&run->raw[i], g_ptr_array_unref);
      g_clear_pointer (&run->norm[i], g_free);
    }
  g_clear_pointer (&run->emails, g_ptr_array_unref);
  g_clear_pointer (&run->phones, g_ptr_array_unref);
  g_clear_pointer (&run->countries, g_hash_table_unref);
  g_clear_pointer (&run->batch_records, g_hash_table_unref);
  g_clear_pointer (&run->batch_profiles, g_hash_table_unref);
  g_clear_pointer (&run->deferred_indexes, g_ptr_array_unref);
  g_clear_pointer (&run->column_fields, g_free);
  g_clear_pointer (&run->fields, g_free);
  if (run->raw_buf)
    g_string_free (g_steal_pointer (&run->raw_buf), TRUE);
  if (run->norm_buf)
    g_string_free (g_steal_pointer (&run->norm_buf), TRUE);
  g_clear_pointer (&run->order_id, g_free);
  if (run->order_items)
    g_string_free (g_steal_pointer (&run->order_items), TRUE);
  g_clear_pointer (&run->now, g_free);
  g_clear_pointer (&run->suppression, _clt_suppression_free);
  g_clear_object (&run->workspace);
}

/* The bytes a JSON string escapes, and the NUL that ends a C string. */
static const guint8 json_escaped[256] = {
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
  ['"'] = 1, ['\\'] = 1,
};

static void
json_append_string (GString    *out,
                    const char *text)
{
  g_string_append_c (out, '"');
  for (const char *p = text; *p; p++)
    {
      const char *start = p;
      guchar c;

      /* Copy the run of characters that need no escaping in one go. */
      while (!json_escaped[(guchar) *p])
        p++;
      if (p > start)
        g_string_append_len (out, start, p - start);
      if (*p == '\0')
        break;

      c = *p;
      switch (c)
        {
        case '"': g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        default:
          if (c < 0x20)
            g_string_append_printf (out, "\\u%04x", c);
          else
            g_string_append_c (out, (char) c);
        }
    }
  g_string_append_c (out, '"');
}

static void
json_append_member (GString    *out,
                    const char *name,
                    const char *value)
{
  if (value == NULL)
    return;

  if (out->len > 1)
    g_string_append_c (out, ',');
  json_append_string (out, name);
  g_string_append_c (out, ':');
  json_append_string (out, value);
}

static gboolean
bind_step (Run           *run,
           sqlite3_stmt  *stmt,
           GError       **error)
{
  gboolean ok = _clt_workspace_step_done (run->workspace, stmt, error);

  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);

  return ok;
}

static void
add_reject (Run          *run,
            guint64       line,
            const char   *column,
            const char   *reason,
            const char   *raw)
{
  CltImporter *self = run->self;

  self->rows_rejected++;

  if (self->rejects->len < MAX_REJECTS_KEPT)
    {
      CltImportReject reject = { line, g_strdup (column), g_strdup (reason) };

      g_array_append_val (self->rejects, reject);
    }

  sqlite3_bind_int64 (run->insert_reject, 1, run->batch_id);
  sqlite3_bind_int64 (run->insert_reject, 2, line);
  sqlite3_bind_text (run->insert_reject, 3, column, -1, SQLITE_STATIC);
  sqlite3_bind_text (run->insert_reject, 4, reason, -1, SQLITE_STATIC);
  sqlite3_bind_text (run->insert_reject, 5, raw, -1, SQLITE_STATIC);
  bind_step (run, run->insert_reject, NULL);
}

/* Normalises the row's values; on an invalid one, says which column and why. */
static gboolean
normalise_row (Run          *run,
               char        **bad_column,
               GError      **error)
{
  const CltPreset *preset = run->preset;
  const char *country;

#define FIRST(f) (run->raw[f]->len > 0 ? (const char *) g_ptr_array_index (run->raw[f], 0) : NULL)
#define COLUMN_OF(f) clt_mapping_get_column (run->mapping, clt_mapping_find_field (run->mapping, f))

  for (guint i = 0; i < run->n_columns; i++)
    {
      CltField field = run->column_fields[i];
      const char *value = run->fields[i];

      if (field == CLT_FIELD_NONE)
        continue;

      while (*value == ' ' || *value == '\t')
        value++;
      if (*value == '\0')
        continue;

      g_ptr_array_add (run->raw[field], (gpointer) value);

      if (field == CLT_FIELD_EMAIL)
        {
          g_autofree char *email = clt_value_normalise_email (value, error);

          if (email == NULL)
            {
              *bad_column = g_strdup (clt_mapping_get_column (run->mapping, i));
              return FALSE;
            }
          if (!g_ptr_array_find_with_equal_func (run->emails, email, g_str_equal, NULL))
            g_ptr_array_add (run->emails, g_steal_pointer (&email));
        }
    }

  country = FIRST (CLT_FIELD_COUNTRY);
  if (country != NULL)
    {
      /* An export has few countries: each is looked up once. */
      const char *code = g_hash_table_lookup (run->countries, country);

      if (code == NULL && !g_hash_table_contains (run->countries, country))
        {
          code = clt_value_normalise_country (country);
          g_hash_table_insert (run->countries, g_strdup (country), (gpointer) code);
        }
      run->norm[CLT_FIELD_COUNTRY] = g_strdup (code);
    }

  for (CltField f = CLT_FIELD_PHONE; f <= CLT_FIELD_MOBILE; f++)
    for (guint i = 0; i < run->raw[f]->len; i++)
      {
        const char *value = g_ptr_array_index (run->raw[f], i);
        g_autofree char *prefixed = NULL;
        char *phone;

        /* Some systems write international numbers without their +. */
        if (preset->phones_international && g_ascii_isdigit (value[0]) && value[0] != '0')
          value = prefixed = g_strconcat ("+", value, NULL);

        if (!(phone = clt_value_normalise_phone (value, run->norm[CLT_FIELD_COUNTRY] ? run->norm[CLT_FIELD_COUNTRY] : country, error)))
          {
            *bad_column = g_strdup (COLUMN_OF (f));
            return FALSE;
          }
        if (g_ptr_array_find_with_equal_func (run->phones, phone, g_str_equal, NULL))
          g_free (phone);
        else
          g_ptr_array_add (run->phones, phone);
      }

  {
    static const CltField dates[] = {
      CLT_FIELD_CREATED_AT, CLT_FIELD_ORDER_DATE, CLT_FIELD_OPTIN_TIME, CLT_FIELD_CONFIRM_TIME,
      CLT_FIELD_UNSUB_TIME, CLT_FIELD_CLEAN_TIME, CLT_FIELD_STATUS_TIME,
    };

    for (guint i = 0; i < G_N_ELEMENTS (dates); i++)
      {
        const char *value = FIRST (dates[i]);
        gint64 seconds;

        if (value == NULL)
          continue;

        /* Unix time, as some newsletter tools write it; 0 means never. */
        if (g_ascii_string_to_signed (value, 10, 0, G_MAXINT64, &seconds, NULL))
          {
            g_autoptr(GDateTime) time = NULL;

            if (seconds == 0)
              continue;
            if (seconds >= 100000000 && (time = g_date_time_new_from_unix_utc (seconds)) != NULL)
              {
                run->norm[dates[i]] = g_date_time_format (time, "%Y-%m-%dT%H:%M:%SZ");
                continue;
              }
          }

        if (!(run->norm[dates[i]] = clt_value_parse_date (value, preset->date_order, error)))
          {
            *bad_column = g_strdup (COLUMN_OF (dates[i]));
            return FALSE;
          }
      }
  }

  if (FIRST (CLT_FIELD_BIRTHDAY) &&
      !(run->norm[CLT_FIELD_BIRTHDAY] = clt_value_parse_birthday (FIRST (CLT_FIELD_BIRTHDAY), preset->date_order, error)))
    {
      *bad_column = g_strdup (COLUMN_OF (CLT_FIELD_BIRTHDAY));
      return FALSE;
    }

  if (FIRST (CLT_FIELD_AMOUNT))
    {
      if (!clt_value_parse_amount (FIRST (CLT_FIELD_AMOUNT), preset->number_style, &run->amount_cents, error))
        {
          *bad_column = g_strdup (COLUMN_OF (CLT_FIELD_AMOUNT));
          return FALSE;
        }
      run->has_amount = TRUE;
    }

  if (FIRST (CLT_FIELD_POSTCODE))
    run->norm[CLT_FIELD_POSTCODE] = clt_value_normalise_postcode (FIRST (CLT_FIELD_POSTCODE));

  {
    static const CltField texts[] = {
      CLT_FIELD_EXTERNAL_ID, CLT_FIELD_FIRST_NAME, CLT_FIELD_LAST_NAME, CLT_FIELD_FULL_NAME,
      CLT_FIELD_STREET, CLT_FIELD_STREET2, CLT_FIELD_CITY, CLT_FIELD_REGION, CLT_FIELD_COMPANY,
      CLT_FIELD_CARD_NUMBER, CLT_FIELD_TAGS, CLT_FIELD_ORDER_ID, CLT_FIELD_CURRENCY, CLT_FIELD_ITEM,
      CLT_FIELD_QUANTITY, CLT_FIELD_ITEM_PRICE, CLT_FIELD_STORE, CLT_FIELD_EMAIL_CONSENT,
      CLT_FIELD_EMAIL_OPT_OUT, CLT_FIELD_SMS_CONSENT, CLT_FIELD_OPTIN_IP, CLT_FIELD_CONFIRM_IP,
      CLT_FIELD_UNSUB_REASON, CLT_FIELD_CAMPAIGN, CLT_FIELD_NEWSLETTER_STATUS,
    };

    for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
      {
        const char *value = FIRST (texts[i]);

        if (value == NULL)
          continue;
        /* Shopify protects ids from spreadsheets with a leading apostrophe. */
        while (*value == '\'' && (texts[i] == CLT_FIELD_EXTERNAL_ID || texts[i] == CLT_FIELD_CARD_NUMBER))
          value++;
        run->norm[texts[i]] = g_strchomp (g_strdup (value));
      }
  }

  if (run->norm[CLT_FIELD_COUNTRY] == NULL && country != NULL)
    run->norm[CLT_FIELD_COUNTRY] = g_strdup (country);

#undef FIRST
#undef COLUMN_OF

  return TRUE;
}

static char *
dup_display_name (Run *run)
{
  const char *first = run->norm[CLT_FIELD_FIRST_NAME];
  const char *last = run->norm[CLT_FIELD_LAST_NAME];

  if (first && last)
    return g_strconcat (first, " ", last, NULL);
  if (first || last)
    return g_strdup (first ? first : last);
  if (run->norm[CLT_FIELD_FULL_NAME])
    return g_strdup (run->norm[CLT_FIELD_FULL_NAME]);
  if (run->emails->len > 0)
    return g_strdup (g_ptr_array_index (run->emails, 0));
  if (run->norm[CLT_FIELD_COMPANY])
    return g_strdup (run->norm[CLT_FIELD_COMPANY]);

  return NULL;
}

static const char *
build_normalized (Run *run)
{
  GString *out = run->norm_buf;

  g_string_assign (out, "{");

  for (guint f = 1; f < CLT_N_FIELDS; f++)
    {
      if (f == CLT_FIELD_EMAIL || f == CLT_FIELD_PHONE || f == CLT_FIELD_MOBILE)
        continue;
      json_append_member (out, clt_field_get_id (f), run->norm[f]);
    }

  if (run->has_amount)
    g_string_append_printf (out, "%s\"amount_cents\":%" G_GINT64_FORMAT, out->len > 1 ? "," : "", run->amount_cents);

  /* Identifiers as arrays, so every e-mail and phone of a record can be matched. */
  for (guint k = 0; k < 2; k++)
    {
      GPtrArray *list = k == 0 ? run->emails : run->phones;

      if (list->len == 0)
        continue;
      if (out->len > 1)
        g_string_append_c (out, ',');
      g_string_append (out, k == 0 ? "\"email\":[" : "\"phone\":[");
      for (guint i = 0; i < list->len; i++)
        {
          if (i > 0)
            g_string_append_c (out, ',');
          json_append_string (out, g_ptr_array_index (list, i));
        }
      g_string_append_c (out, ']');
    }

  g_string_append_c (out, '}');

  return out->str;
}

/* The row as imported: a JSON array of its values in the order of the batch's header,
 * null where a column is empty or, for data minimisation, not kept. */
static const char *
build_raw (Run *run)
{
  GString *out = run->raw_buf;
  gsize last_value = 1;

  g_string_assign (out, "[");
  for (guint i = 0; i < run->n_columns; i++)
    {
      const char *value = run->fields[i];

      if (i > 0)
        g_string_append_c (out, ',');
      if (value[0] == '\0' || (!run->keep_unmapped && run->column_fields[i] == CLT_FIELD_NONE))
        g_string_append (out, "null");
      else
        {
          json_append_string (out, value);
          last_value = out->len;
        }
    }

  /* Trailing nulls say nothing. */
  g_string_truncate (out, last_value);
  g_string_append_c (out, ']');

  return out->str;
}

static guint64
fnv1a (const char *prefix,
       const char *text)
{
  guint64 hash = G_GUINT64_CONSTANT (0xcbf29ce484222325);

  for (const char *s = prefix; s != NULL; s = s == prefix ? text : NULL)
    for (const guchar *p = (const guchar *) s; *p; p++)
      {
        hash ^= *p;
        hash *= G_GUINT64_CONSTANT (0x100000001b3);
      }

  return hash;
}

/* A 64-bit FNV-1a hash of a record's normalised values, to see whether a newer export
 * changed it; it is compared only with the same record's earlier hash. */
static void
content_hash (const char *normalized,
              char        out[17])
{
  static const char hex[] = "0123456789abcdef";
  guint64 hash = fnv1a ("", normalized);

  for (int i = 15; i >= 0; i--, hash >>= 4)
    out[i] = hex[hash & 0xf];
  out[16] = '\0';
}

static gpointer
key_hash (const char *kind,
          const char *value)
{
  return GSIZE_TO_POINTER ((gsize) fnv1a (kind, value));
}

/* The record of the source with @key, on the row of the returned statement (reset it
 * after use), or %NULL. */
static sqlite3_stmt *
lookup_record (Run        *run,
               const char *key)
{
  gint64 id = GPOINTER_TO_SIZE (g_hash_table_lookup (run->batch_records, key_hash ("", key)));
  sqlite3_stmt *stmt;

  if (id != 0)
    {
      stmt = run->find_record_id;
      sqlite3_bind_int64 (stmt, 1, id);
    }
  else if (run->source_had_records)
    {
      stmt = run->find_record;
      sqlite3_bind_int64 (stmt, 1, run->source_id);
      sqlite3_bind_text (stmt, 2, key, -1, SQLITE_STATIC);
    }
  else
    return NULL;

  /* The key itself is compared, as two keys may share a hash. */
  if (sqlite3_step (stmt) == SQLITE_ROW && g_strcmp0 ((const char *) sqlite3_column_text (stmt, 7), key) == 0)
    return stmt;

  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);

  return NULL;
}

/* A row as it will be stored, for people to check: "E-mail: anna@example.com · City: München". */
static char *
describe_row (Run *run)
{
  GString *out = g_string_new (NULL);

  for (guint f = 1; f < CLT_N_FIELDS; f++)
    {
      const char *value = run->norm[f];
      g_autofree char *joined = NULL;

      if (f == CLT_FIELD_EMAIL || f == CLT_FIELD_PHONE)
        {
          GPtrArray *list = f == CLT_FIELD_EMAIL ? run->emails : run->phones;

          if (list->len == 0)
            continue;
          g_ptr_array_add (list, NULL);
          value = joined = g_strjoinv (", ", (char **) list->pdata);
          g_ptr_array_set_size (list, list->len - 1);
        }
      if (value == NULL)
        continue;

      /* Translators: one field of a previewed row: "E-mail: anna@example.com" */
      g_string_append_printf (out, _("%s%s: %s"), out->len ? " · " : "", clt_field_get_label (f), value);
    }

  return g_string_free (out, FALSE);
}

static char *
record_key (Run *run)
{
  switch (run->preset->kind)
    {
    case CLT_RECORD_ORDER_LINE:
      return g_strdup_printf ("%s#%u", run->norm[CLT_FIELD_ORDER_ID], run->order_line);

    case CLT_RECORD_RECEIPT:
      if (run->norm[CLT_FIELD_ORDER_ID])
        return g_strdup (run->norm[CLT_FIELD_ORDER_ID]);
      return g_strdup_printf ("%s|%s|%" G_GINT64_FORMAT, run->norm[CLT_FIELD_CARD_NUMBER],
                              run->norm[CLT_FIELD_ORDER_DATE], run->amount_cents);

    case CLT_RECORD_CONTACT:
    default:
      if (run->norm[CLT_FIELD_EXTERNAL_ID])
        return g_strdup (run->norm[CLT_FIELD_EXTERNAL_ID]);
      if (run->norm[CLT_FIELD_CARD_NUMBER])
        return g_strdup (run->norm[CLT_FIELD_CARD_NUMBER]);
      if (run->emails->len > 0)
        return g_strdup (g_ptr_array_index (run->emails, 0));
      return NULL;
    }
}

/* The identifiers records are linked by: e-mail addresses and loyalty cards. Phones stay
 * in the normalised values, as households share them. */
static gboolean
insert_identifiers (Run     *run,
                    gint64   record_id,
                    GError **error)
{
  for (guint i = 0; i < run->emails->len; i++)
    {
      sqlite3_bind_text (run->insert_identifier, 1, "email", -1, SQLITE_STATIC);
      sqlite3_bind_text (run->insert_identifier, 2, g_ptr_array_index (run->emails, i), -1, SQLITE_STATIC);
      sqlite3_bind_int64 (run->insert_identifier, 3, record_id);
      if (!bind_step (run, run->insert_identifier, error))
        return FALSE;
    }

  if (run->norm[CLT_FIELD_CARD_NUMBER])
    {
      sqlite3_bind_text (run->insert_identifier, 1, "card", -1, SQLITE_STATIC);
      sqlite3_bind_text (run->insert_identifier, 2, run->norm[CLT_FIELD_CARD_NUMBER], -1, SQLITE_STATIC);
      sqlite3_bind_int64 (run->insert_identifier, 3, record_id);
      if (!bind_step (run, run->insert_identifier, error))
        return FALSE;
    }

  return TRUE;
}

/* The profile of another record with the same card or e-mail address, or 0. */
static gint64
find_profile (Run *run)
{
  struct { const char *kind; const char *value; } keys[4];
  guint n = 0;

  if (run->norm[CLT_FIELD_CARD_NUMBER])
    keys[n++] = (typeof (keys[0])) { "card", run->norm[CLT_FIELD_CARD_NUMBER] };
  for (guint i = 0; i < run->emails->len && n < G_N_ELEMENTS (keys); i++)
    keys[n++] = (typeof (keys[0])) { "email", g_ptr_array_index (run->emails, i) };

  for (guint i = 0; i < n; i++)
    {
      /* A 64-bit hash of an e-mail or card: two people sharing one in a million-row file
       * is about as likely as a cosmic ray flipping the answer. */
      gint64 profile_id = GPOINTER_TO_SIZE (g_hash_table_lookup (run->batch_profiles, key_hash (keys[i].kind, keys[i].value)));

      if (profile_id != 0)
        return profile_id;
      if (!run->workspace_had_identifiers)
        continue;

      sqlite3_bind_text (run->find_profile, 1, keys[i].kind, -1, SQLITE_STATIC);
      sqlite3_bind_text (run->find_profile, 2, keys[i].value, -1, SQLITE_STATIC);
      if (sqlite3_step (run->find_profile) == SQLITE_ROW)
        profile_id = sqlite3_column_int64 (run->find_profile, 0);
      sqlite3_reset (run->find_profile);
      sqlite3_clear_bindings (run->find_profile);

      if (profile_id != 0)
        return profile_id;
    }

  return 0;
}

/* Later rows of the batch with the same card or e-mail address find @profile_id in memory. */
static void
remember_profile (Run    *run,
                  gint64  profile_id)
{
  if (run->norm[CLT_FIELD_CARD_NUMBER])
    g_hash_table_insert (run->batch_profiles, key_hash ("card", run->norm[CLT_FIELD_CARD_NUMBER]),
                         GSIZE_TO_POINTER (profile_id));
  for (guint i = 0; i < run->emails->len; i++)
    {
      gpointer hash = key_hash ("email", g_ptr_array_index (run->emails, i));

      if (!g_hash_table_contains (run->batch_profiles, hash))
        g_hash_table_insert (run->batch_profiles, hash, GSIZE_TO_POINTER (profile_id));
    }
}

static gint64
link_profile (Run     *run,
              GError **error)
{
  g_autofree char *display_name = dup_display_name (run);
  const char *email = run->emails->len > 0 ? g_ptr_array_index (run->emails, 0) : NULL;
  gint64 profile_id = find_profile (run);

  if (profile_id != 0)
    {
      sqlite3_bind_int64 (run->fill_profile, 1, profile_id);
      sqlite3_bind_text (run->fill_profile, 2, display_name, -1, SQLITE_STATIC);
      sqlite3_bind_text (run->fill_profile, 3, email, -1, SQLITE_STATIC);
      sqlite3_bind_text (run->fill_profile, 4, run->norm[CLT_FIELD_CITY], -1, SQLITE_STATIC);
      sqlite3_bind_text (run->fill_profile, 5, run->now, -1, SQLITE_STATIC);
      if (!bind_step (run, run->fill_profile, error))
        return -1;
      remember_profile (run, profile_id);
      return profile_id;
    }

  sqlite3_bind_text (run->insert_profile, 1, run->norm[CLT_FIELD_CREATED_AT] ? run->norm[CLT_FIELD_CREATED_AT] : run->now, -1, SQLITE_STATIC);
  sqlite3_bind_text (run->insert_profile, 2, run->now, -1, SQLITE_STATIC);
  sqlite3_bind_text (run->insert_profile, 3, display_name, -1, SQLITE_STATIC);
  sqlite3_bind_text (run->insert_profile, 4, email, -1, SQLITE_STATIC);
  sqlite3_bind_text (run->insert_profile, 5, run->norm[CLT_FIELD_CITY], -1, SQLITE_STATIC);
  if (!bind_step (run, run->insert_profile, error))
    return -1;

  profile_id = sqlite3_last_insert_rowid (_clt_workspace_get_db (run->workspace));
  remember_profile (run, profile_id);

  return profile_id;
}

static gboolean
add_event (Run         *run,
           gint64       record_id,
           gint64       profile_id,
           const char  *kind,
           const char  *occurred_at,
           gboolean     with_amount,
           const char  *detail,
           gboolean     check_existing,
           GError     **error)
{
  if (occurred_at == NULL)
    return TRUE;

  if (check_existing)
    {
      gboolean exists;

      sqlite3_bind_int64 (run->find_event, 1, record_id);
      sqlite3_bind_text (run->find_event, 2, kind, -1, SQLITE_STATIC);
      sqlite3_bind_text (run->find_event, 3, occurred_at, -1, SQLITE_STATIC);
      exists = sqlite3_step (run->find_event) == SQLITE_ROW;
      sqlite3_reset (run->find_event);
      sqlite3_clear_bindings (run->find_event);
      if (exists)
        return TRUE;
    }

  sqlite3_bind_int64 (run->insert_event, 1, profile_id);
  sqlite3_bind_int64 (run->insert_event, 2, record_id);
  sqlite3_bind_text (run->insert_event, 3, kind, -1, SQLITE_STATIC);
  sqlite3_bind_text (run->insert_event, 4, occurred_at, -1, SQLITE_STATIC);
  if (with_amount && run->has_amount)
    {
      sqlite3_bind_int64 (run->insert_event, 5, run->amount_cents);
      sqlite3_bind_text (run->insert_event, 6, run->norm[CLT_FIELD_CURRENCY] ? run->norm[CLT_FIELD_CURRENCY] : "EUR", -1, SQLITE_STATIC);
    }
  sqlite3_bind_text (run->insert_event, 7, detail, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (run->insert_event, 8, run->batch_id);

  return bind_step (run, run->insert_event, error);
}

static gboolean
add_consent (Run         *run,
             gint64       record_id,
             const char  *identifier_kind,
             const char  *identifier,
             const char  *purpose,
             const char  *channel,
             const char  *action,
             const char  *event_time,
             const char  *method,
             const char  *evidence,
             gboolean     check_existing,
             GError     **error)
{
  if (check_existing)
    {
      gboolean exists;

      sqlite3_bind_text (run->find_consent, 1, identifier_kind, -1, SQLITE_STATIC);
      sqlite3_bind_text (run->find_consent, 2, identifier, -1, SQLITE_STATIC);
      sqlite3_bind_text (run->find_consent, 3, purpose, -1, SQLITE_STATIC);
      sqlite3_bind_text (run->find_consent, 4, action, -1, SQLITE_STATIC);
      sqlite3_bind_text (run->find_consent, 5, event_time, -1, SQLITE_STATIC);
      exists = sqlite3_step (run->find_consent) == SQLITE_ROW;
      sqlite3_reset (run->find_consent);
      sqlite3_clear_bindings (run->find_consent);
      if (exists)
        return TRUE;
    }

  sqlite3_bind_text (run->insert_consent, 1, identifier_kind, -1, SQLITE_STATIC);
  sqlite3_bind_text (run->insert_consent, 2, identifier, -1, SQLITE_STATIC);
  sqlite3_bind_text (run->insert_consent, 3, purpose, -1, SQLITE_STATIC);
  sqlite3_bind_text (run->insert_consent, 4, channel, -1, SQLITE_STATIC);
  sqlite3_bind_text (run->insert_consent, 5, action, -1, SQLITE_STATIC);
  sqlite3_bind_text (run->insert_consent, 6, event_time, -1, SQLITE_STATIC);
  sqlite3_bind_text (run->insert_consent, 7, run->now, -1, SQLITE_STATIC);
  sqlite3_bind_text (run->insert_consent, 8, method, -1, SQLITE_STATIC);
  sqlite3_bind_text (run->insert_consent, 9, evidence, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (run->insert_consent, 10, record_id);
  sqlite3_bind_int64 (run->insert_consent, 11, run->batch_id);
  sqlite3_bind_text (run->insert_consent, 12, run->self->notice, -1, SQLITE_STATIC);

  return bind_step (run, run->insert_consent, error);
}

/* Consent flags of exports: yes/no, or the states newsletter tools write. */
static int
consent_value (const char *text)
{
  static const char * const given[] = { "subscribed", "opted_in", "opted in", "optin", "abonniert", "angemeldet", NULL };
  static const char * const refused[] = { "unsubscribed", "not subscribed", "not_subscribed", "no_consent", "opted_out", "optout",
                                          "abgemeldet", "nicht abonniert", NULL };
  g_autofree char *folded = NULL;
  gboolean value;

  if (text == NULL)
    return -1;
  if (clt_value_parse_bool (text, &value, NULL))
    return value;

  folded = g_utf8_strdown (text, -1);
  if (g_strv_contains (given, folded))
    return TRUE;
  if (g_strv_contains (refused, folded))
    return FALSE;

  return -1;
}

static gboolean
record_consent (Run      *run,
                gint64    record_id,
                gint64    profile_id,
                guint64   line,
                gboolean  check_existing,
                GError  **error)
{
  const char *email = run->emails->len > 0 ? g_ptr_array_index (run->emails, 0) : NULL;
  g_autoptr(GString) evidence = NULL;
  char line_text[24];
  const char *optin = run->norm[CLT_FIELD_OPTIN_TIME];
  const char *confirm = run->norm[CLT_FIELD_CONFIRM_TIME];
  const char *status = run->norm[CLT_FIELD_NEWSLETTER_STATUS];
  const char *unsub_at = run->norm[CLT_FIELD_UNSUB_TIME] ? run->norm[CLT_FIELD_UNSUB_TIME] : run->norm[CLT_FIELD_STATUS_TIME];
  const char *clean_at = run->norm[CLT_FIELD_CLEAN_TIME] ? run->norm[CLT_FIELD_CLEAN_TIME] : run->norm[CLT_FIELD_STATUS_TIME];
  CltConsentSource mode = run->preset->consent;
  int flag;

  /* Newsletter APIs say in a status what Mailchimp's CSV exports say by their file. */
  if (mode == CLT_CONSENT_FROM_COLUMNS && status != NULL)
    {
      if (g_ascii_strcasecmp (status, "subscribed") == 0)
        mode = CLT_CONSENT_SUBSCRIBED;
      else if (g_ascii_strcasecmp (status, "unsubscribed") == 0)
        mode = CLT_CONSENT_UNSUBSCRIBED;
      else if (g_ascii_strcasecmp (status, "cleaned") == 0)
        mode = CLT_CONSENT_CLEANED;
    }

  /* Most rows of a CRM say nothing of consent: no evidence to write for them. */
  if (mode != CLT_CONSENT_SUBSCRIBED && mode != CLT_CONSENT_UNSUBSCRIBED && mode != CLT_CONSENT_CLEANED &&
      !(email != NULL && (confirm != NULL || run->norm[CLT_FIELD_UNSUB_TIME] != NULL ||
                          run->norm[CLT_FIELD_EMAIL_CONSENT] != NULL || run->norm[CLT_FIELD_EMAIL_OPT_OUT] != NULL)) &&
      !(run->phones->len > 0 && run->norm[CLT_FIELD_SMS_CONSENT] != NULL))
    return TRUE;

  evidence = g_string_new ("{");
  g_snprintf (line_text, sizeof line_text, "%" G_GUINT64_FORMAT, line);
  json_append_member (evidence, "file", run->self->file_name);
  json_append_member (evidence, "line", line_text);
  json_append_member (evidence, "source", run->self->source_name);

  switch (mode)
    {
    case CLT_CONSENT_SUBSCRIBED:
      if (email == NULL)
        return TRUE;
      json_append_member (evidence, "optin_time", optin);
      json_append_member (evidence, "optin_ip", run->norm[CLT_FIELD_OPTIN_IP]);
      json_append_member (evidence, "confirm_time", confirm);
      json_append_member (evidence, "confirm_ip", run->norm[CLT_FIELD_CONFIRM_IP]);
      g_string_append_c (evidence, '}');
      return add_event (run, record_id, profile_id, "newsletter_optin", optin, FALSE, NULL, check_existing, error) &&
             add_event (run, record_id, profile_id, "newsletter_confirm", confirm, FALSE, NULL, check_existing, error) &&
             add_consent (run, record_id, "email", email, "email_marketing", "email", "given",
                          confirm ? confirm : optin ? optin : run->now,
                          confirm && optin ? "double opt-in" : "single opt-in", evidence->str, check_existing, error);

    case CLT_CONSENT_UNSUBSCRIBED:
      if (email == NULL)
        return TRUE;
      json_append_member (evidence, "reason", run->norm[CLT_FIELD_UNSUB_REASON]);
      json_append_member (evidence, "campaign", run->norm[CLT_FIELD_CAMPAIGN]);
      g_string_append_c (evidence, '}');
      return add_event (run, record_id, profile_id, "unsubscribe", unsub_at, FALSE, NULL, check_existing, error) &&
             add_consent (run, record_id, "email", email, "email_marketing", "email", "withdrawn",
                          unsub_at ? unsub_at : run->now,
                          "unsubscribe", evidence->str, check_existing, error);

    case CLT_CONSENT_CLEANED:
      if (email == NULL)
        return TRUE;
      json_append_member (evidence, "campaign", run->norm[CLT_FIELD_CAMPAIGN]);
      json_append_member (evidence, "reason", "bounce");
      g_string_append_c (evidence, '}');
      return add_event (run, record_id, profile_id, "bounce", clean_at, FALSE, NULL, check_existing, error) &&
             add_consent (run, record_id, "email", email, "email_marketing", "email", "invalidated",
                          clean_at ? clean_at : run->now,
                          "bounce", evidence->str, check_existing, error);

    case CLT_CONSENT_FROM_COLUMNS:
    default:
      break;
    }

  g_string_append_c (evidence, '}');

  /* Newsletter tools with dates: registration, confirmation, deactivation (CleverReach). */
  if (email != NULL && confirm != NULL &&
      !add_consent (run, record_id, "email", email, "email_marketing", "email", "given", confirm,
                    "double opt-in", evidence->str, check_existing, error))
    return FALSE;
  if (email != NULL && run->norm[CLT_FIELD_UNSUB_TIME] != NULL &&
      !add_consent (run, record_id, "email", email, "email_marketing", "email", "withdrawn",
                    run->norm[CLT_FIELD_UNSUB_TIME], "unsubscribe", evidence->str, check_existing, error))
    return FALSE;

  /* A yes/no flag says nothing of when: the time is the export's record time. */
  if (email != NULL && (flag = consent_value (run->norm[CLT_FIELD_EMAIL_CONSENT])) >= 0 &&
      !add_consent (run, record_id, "email", email, "email_marketing", "email", flag ? "given" : "refused",
                    run->norm[CLT_FIELD_CREATED_AT] && !flag ? run->norm[CLT_FIELD_CREATED_AT] : run->now,
                    "export flag", evidence->str, check_existing, error))
    return FALSE;
  if (email != NULL && consent_value (run->norm[CLT_FIELD_EMAIL_OPT_OUT]) == TRUE &&
      !add_consent (run, record_id, "email", email, "email_marketing", "email", "withdrawn", run->now,
                    "export flag", evidence->str, check_existing, error))
    return FALSE;
  if (run->phones->len > 0 && (flag = consent_value (run->norm[CLT_FIELD_SMS_CONSENT])) >= 0 &&
      !add_consent (run, record_id, "phone", g_ptr_array_index (run->phones, 0), "sms_marketing", "sms",
                    flag ? "given" : "refused", run->now, "export flag", evidence->str, check_existing, error))
    return FALSE;

  return TRUE;
}

static gboolean
flush_order (Run     *run,
             GError **error)
{
  if (run->order_event == 0)
    return TRUE;

  g_string_append (run->order_items, "]}");
  sqlite3_bind_text (run->update_event, 1, run->order_items->str, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (run->update_event, 2, run->order_event);
  run->order_event = 0;

  return bind_step (run, run->update_event, error);
}

static void
append_item (Run *run)
{
  if (run->norm[CLT_FIELD_ITEM] == NULL)
    return;

  if (run->order_items->str[run->order_items->len - 1] != '[')
    g_string_append_c (run->order_items, ',');
  g_string_append (run->order_items, "{");
  json_append_string (run->order_items, "name");
  g_string_append_c (run->order_items, ':');
  json_append_string (run->order_items, run->norm[CLT_FIELD_ITEM]);
  if (run->norm[CLT_FIELD_QUANTITY])
    {
      g_string_append (run->order_items, ",\"quantity\":");
      json_append_string (run->order_items, run->norm[CLT_FIELD_QUANTITY]);
    }
  if (run->norm[CLT_FIELD_ITEM_PRICE])
    {
      g_string_append (run->order_items, ",\"price\":");
      json_append_string (run->order_items, run->norm[CLT_FIELD_ITEM_PRICE]);
    }
  g_string_append_c (run->order_items, '}');
}

/* Purchases: one event per order or receipt, its line items gathered in the detail. */
static gboolean
record_purchase (Run      *run,
                 gint64    record_id,
                 gint64    profile_id,
                 gboolean  new_order,
                 GError  **error)
{
  const char *kind = run->preset->kind == CLT_RECORD_RECEIPT ? "loyalty_receipt" : "purchase";

  if (!new_order)
    {
      append_item (run);
      return TRUE;
    }

  if (!flush_order (run, error))
    return FALSE;

  g_string_assign (run->order_items, "{");
  json_append_member (run->order_items, "order", run->norm[CLT_FIELD_ORDER_ID]);
  json_append_member (run->order_items, "store", run->norm[CLT_FIELD_STORE]);
  /* The newsletter campaign an order came from (utm_campaign), where the export says. */
  json_append_member (run->order_items, "campaign", run->norm[CLT_FIELD_CAMPAIGN]);
  g_string_append_printf (run->order_items, "%s\"items\":[", run->order_items->len > 1 ? "," : "");
  append_item (run);

  if (run->norm[CLT_FIELD_ORDER_DATE] == NULL)
    return TRUE;

  if (!add_event (run, record_id, profile_id, kind, run->norm[CLT_FIELD_ORDER_DATE], TRUE, NULL, FALSE, error))
    return FALSE;
  run->order_event = sqlite3_last_insert_rowid (_clt_workspace_get_db (run->workspace));

  return TRUE;
}

static gboolean
import_row (Run           *run,
            CltRowReader  *reader,
            GError       **error)
{
  CltImporter *self = run->self;
  guint64 line = clt_row_reader_get_line (reader);
  g_autoptr(GError) row_error = NULL;
  g_autofree char *bad_column = NULL;
  const char *raw;
  const char *normalized;
  g_autofree char *key = NULL;
  char hash[17];
  gboolean new_order = TRUE;
  sqlite3_stmt *found;
  gint64 record_id = 0;
  gint64 profile_id = 0;
  gboolean existing = FALSE;

  run_clear_row (run);
  {
    /* Each value once, through the reader's own method. */
    const char *(*get_field) (CltRowReader *, guint) = CLT_ROW_READER_GET_IFACE (reader)->get_field;

    for (guint i = 0; i < run->n_columns; i++)
      run->fields[i] = get_field (reader, i);
  }

  if (!normalise_row (run, &bad_column, &row_error))
    {
      raw = build_raw (run);
      add_reject (run, line, bad_column, row_error->message, raw);
      return TRUE;
    }

  /* An erased or objecting person's row is refused, and nothing of it is kept. */
  if (run->suppression != NULL)
    {
      g_autofree char *suppressed = _clt_suppression_check (run->suppression, run->emails, run->phones);

      if (suppressed != NULL)
        {
          self->rows_suppressed++;
          add_reject (run, line, NULL, suppressed, NULL);
          return TRUE;
        }
    }

  raw = build_raw (run);

  if (run->emails->len == 0 && run->phones->len == 0 && !run->norm[CLT_FIELD_EXTERNAL_ID] &&
      !run->norm[CLT_FIELD_CARD_NUMBER] && !run->norm[CLT_FIELD_LAST_NAME] && !run->norm[CLT_FIELD_FULL_NAME] &&
      !(run->preset->kind == CLT_RECORD_ORDER_LINE && run->order_id && g_strcmp0 (run->order_id, run->norm[CLT_FIELD_ORDER_ID]) == 0))
    {
      add_reject (run, line, NULL, _("The row has no e-mail address, phone, customer or card number, or name"), raw);
      return TRUE;
    }

  if (run->preset->kind == CLT_RECORD_ORDER_LINE)
    {
      if (run->norm[CLT_FIELD_ORDER_ID] == NULL)
        {
          add_reject (run, line, NULL, _("The row has no order number"), raw);
          return TRUE;
        }
      new_order = g_strcmp0 (run->order_id, run->norm[CLT_FIELD_ORDER_ID]) != 0;
      if (new_order)
        {
          g_set_str (&run->order_id, run->norm[CLT_FIELD_ORDER_ID]);
          run->order_line = 0;
        }
      run->order_line++;
    }
  else if (run->preset->kind == CLT_RECORD_RECEIPT && (run->norm[CLT_FIELD_ORDER_DATE] == NULL || !run->has_amount))
    {
      add_reject (run, line, NULL, _("The receipt has no date or no amount"), raw);
      return TRUE;
    }

  normalized = build_normalized (run);
  content_hash (normalized, hash);
  if (self->preview->len < N_PREVIEW)
    g_ptr_array_add (self->preview, describe_row (run));
  key = record_key (run);

  if (key != NULL && (found = lookup_record (run, key)) != NULL)
    {
      existing = TRUE;
      record_id = sqlite3_column_int64 (found, 0);
      profile_id = sqlite3_column_int64 (found, 2);

      if (g_strcmp0 ((const char *) sqlite3_column_text (found, 1), hash) == 0)
        {
          sqlite3_reset (found);
          sqlite3_clear_bindings (found);
          self->rows_unchanged++;
          return TRUE;
        }

      /* A newer export changed the record: keep what it was. */
      sqlite3_bind_int64 (run->insert_change, 1, record_id);
      sqlite3_bind_int64 (run->insert_change, 2, run->batch_id);
      sqlite3_bind_int64 (run->insert_change, 3, sqlite3_column_int64 (found, 3));
      sqlite3_bind_int64 (run->insert_change, 4, sqlite3_column_int64 (found, 4));
      sqlite3_bind_value (run->insert_change, 5, sqlite3_column_value (found, 5));
      sqlite3_bind_value (run->insert_change, 6, sqlite3_column_value (found, 6));
      sqlite3_bind_value (run->insert_change, 7, sqlite3_column_value (found, 1));
      sqlite3_reset (found);
      sqlite3_clear_bindings (found);
      if (!bind_step (run, run->insert_change, error))
        return FALSE;
    }

  if (existing)
    {
      sqlite3_bind_text (run->update_record, 1, raw, -1, SQLITE_STATIC);
      sqlite3_bind_text (run->update_record, 2, normalized, -1, SQLITE_STATIC);
      sqlite3_bind_text (run->update_record, 3, hash, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (run->update_record, 4, run->batch_id);
      sqlite3_bind_int64 (run->update_record, 5, line);
      sqlite3_bind_int64 (run->update_record, 6, record_id);
      sqlite3_bind_int64 (run->update_record, 7, self->rows_read);
      sqlite3_bind_int64 (run->delete_identifiers, 1, record_id);
      /* Identity resolution looks at a changed record again. */
      sqlite3_bind_int64 (run->mark_unresolved, 1, record_id);
      if (!bind_step (run, run->update_record, error) || !bind_step (run, run->delete_identifiers, error) ||
          !bind_step (run, run->mark_unresolved, error))
        return FALSE;
      self->rows_updated++;
    }
  else
    {
      /* The line items of an order belong to the customer named on its first row. */
      if (run->preset->kind == CLT_RECORD_ORDER_LINE && !new_order)
        profile_id = run->order_profile;
      else if ((profile_id = link_profile (run, error)) < 0)
        return FALSE;
      run->order_profile = profile_id;

      sqlite3_bind_int64 (run->insert_record, 1, run->source_id);
      sqlite3_bind_int64 (run->insert_record, 2, run->batch_id);
      sqlite3_bind_int64 (run->insert_record, 3, line);
      sqlite3_bind_int64 (run->insert_record, 9, self->rows_read);
      sqlite3_bind_text (run->insert_record, 4, key, -1, SQLITE_STATIC);
      sqlite3_bind_text (run->insert_record, 5, raw, -1, SQLITE_STATIC);
      sqlite3_bind_text (run->insert_record, 6, normalized, -1, SQLITE_STATIC);
      sqlite3_bind_text (run->insert_record, 7, hash, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (run->insert_record, 8, profile_id);
      if (!bind_step (run, run->insert_record, error))
        return FALSE;
      record_id = sqlite3_last_insert_rowid (_clt_workspace_get_db (run->workspace));
      if (key != NULL)
        g_hash_table_insert (run->batch_records, key_hash ("", key), GSIZE_TO_POINTER (record_id));
      self->rows_new++;
    }

  if (!insert_identifiers (run, record_id, error))
    return FALSE;

  if (run->preset->kind != CLT_RECORD_CONTACT)
    {
      if (existing)
        return TRUE;
      if (!record_purchase (run, record_id, profile_id, new_order, error))
        return FALSE;
    }

  return record_consent (run, record_id, profile_id, line, existing, error);
}

typedef struct
{
  CltImporter *self;
  double       fraction;
  guint64      rows_read;
} Progress;

static gboolean
notify_progress_cb (gpointer data)
{
  Progress *progress = data;

  progress->self->fraction = progress->fraction;
  g_object_notify_by_pspec (G_OBJECT (progress->self), properties[PROP_FRACTION]);
  g_object_notify_by_pspec (G_OBJECT (progress->self), properties[PROP_ROWS_READ]);

  return G_SOURCE_REMOVE;
}

static void
progress_free (gpointer data)
{
  Progress *progress = data;

  g_object_unref (progress->self);
  g_free (progress);
}

/* Progress is announced in the context that started the import, for the UI to bind to. */
static void
set_progress (CltImporter *self,
              double       fraction)
{
  Progress *progress = g_new0 (Progress, 1);

  progress->self = g_object_ref (self);
  progress->fraction = fraction;
  progress->rows_read = self->rows_read;

  if (self->context != NULL)
    _clt_context_post (self->context, notify_progress_cb, progress, progress_free);
  else
    {
      notify_progress_cb (progress);
      progress_free (progress);
    }
}

static char *
compute_sha256 (GFile         *file,
                goffset       *size,
                GCancellable  *cancellable,
                GError       **error)
{
  g_autoptr(GFileInputStream) stream = g_file_read (file, cancellable, error);
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree guint8 *buffer = g_malloc (256 * 1024);
  gssize n;

  if (stream == NULL)
    return NULL;

  *size = 0;
  while ((n = g_input_stream_read (G_INPUT_STREAM (stream), buffer, 256 * 1024, cancellable, error)) > 0)
    {
      g_checksum_update (checksum, buffer, n);
      *size += n;
    }
  if (n < 0)
    return NULL;

  return g_strdup (g_checksum_get_string (checksum));
}

/* The SHA-256 of a file, computed in a thread of its own while the rows are read. */
typedef struct
{
  GFile        *file;
  GCancellable *cancellable;
  goffset       size;
  GError       *error;
} Sha256Job;

static gpointer
sha256_thread (gpointer data)
{
  Sha256Job *job = data;

  return compute_sha256 (job->file, &job->size, job->cancellable, &job->error);
}

static gboolean
prepare_statements (Run     *run,
                    GError **error)
{
  static const struct { gsize offset; const char *sql; } statements[] = {
    { G_STRUCT_OFFSET (Run, find_record),
      "SELECT id, content_hash, profile_id, batch_id, row_number, raw, normalized, external_id "
      "FROM source_records WHERE source_id = ?1 AND external_id = ?2" },
    { G_STRUCT_OFFSET (Run, find_record_id),
      "SELECT id, content_hash, profile_id, batch_id, row_number, raw, normalized, external_id "
      "FROM source_records WHERE id = ?1" },
    { G_STRUCT_OFFSET (Run, insert_record),
      "INSERT INTO source_records (source_id, batch_id, row_number, external_id, raw, normalized, content_hash, profile_id, data_row) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)" },
    { G_STRUCT_OFFSET (Run, update_record),
      "UPDATE source_records SET raw = ?1, normalized = ?2, content_hash = ?3, batch_id = ?4, row_number = ?5, "
      "data_row = ?7 WHERE id = ?6" },
    { G_STRUCT_OFFSET (Run, mark_unresolved),
      "INSERT OR IGNORE INTO unresolved_records (record_id) VALUES (?1)" },
    { G_STRUCT_OFFSET (Run, insert_change),
      "INSERT INTO record_changes (record_id, batch_id, old_batch_id, old_row_number, old_raw, old_normalized, old_hash) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)" },
    { G_STRUCT_OFFSET (Run, insert_identifier),
      "INSERT OR IGNORE INTO record_identifiers (kind, value, record_id) VALUES (?1, ?2, ?3)" },
    { G_STRUCT_OFFSET (Run, delete_identifiers), "DELETE FROM record_identifiers WHERE record_id = ?1" },
    { G_STRUCT_OFFSET (Run, find_profile),
      "SELECT r.profile_id FROM record_identifiers i JOIN source_records r ON r.id = i.record_id "
      "WHERE i.kind = ?1 AND i.value = ?2 AND r.profile_id IS NOT NULL LIMIT 1" },
    { G_STRUCT_OFFSET (Run, insert_profile),
      "INSERT INTO profiles (created_at, updated_at, display_name, email, city) VALUES (?1, ?2, ?3, ?4, ?5)" },
    { G_STRUCT_OFFSET (Run, fill_profile),
      "UPDATE profiles SET display_name = coalesce (display_name, ?2), email = coalesce (email, ?3), "
      "city = coalesce (city, ?4), updated_at = ?5 WHERE id = ?1" },
    { G_STRUCT_OFFSET (Run, insert_event),
      "INSERT INTO events (profile_id, source_record_id, kind, occurred_at, amount_cents, currency, detail, batch_id) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)" },
    { G_STRUCT_OFFSET (Run, find_event),
      "SELECT 1 FROM events WHERE source_record_id = ?1 AND kind = ?2 AND occurred_at = ?3" },
    { G_STRUCT_OFFSET (Run, update_event), "UPDATE events SET detail = ?1 WHERE id = ?2" },
    { G_STRUCT_OFFSET (Run, insert_consent),
      "INSERT INTO consent_events (identifier_kind, identifier, purpose, channel, action, event_time, recorded_time, "
      "method, actor, evidence, source_record_id, batch_id, notice) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'import', ?9, ?10, ?11, ?12)" },
    { G_STRUCT_OFFSET (Run, find_consent),
      "SELECT 1 FROM consent_events WHERE identifier_kind = ?1 AND identifier = ?2 AND purpose = ?3 "
      "AND action = ?4 AND event_time = ?5" },
    { G_STRUCT_OFFSET (Run, insert_reject),
      "INSERT INTO import_rejects (batch_id, line, column_name, reason, raw) VALUES (?1, ?2, ?3, ?4, ?5)" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (statements); i++)
    {
      sqlite3_stmt **stmt = G_STRUCT_MEMBER_P (run, statements[i].offset);

      if (!(*stmt = _clt_workspace_prepare (run->workspace, statements[i].sql, error)))
        return FALSE;
    }

  return TRUE;
}

static gboolean
begin_batch (Run         *run,
             const char  *sha256,
             goffset      size,
             GError     **error)
{
  CltImporter *self = run->self;
  g_autoptr(sqlite3_stmt) find_source = NULL;
  g_autoptr(sqlite3_stmt) insert_source = NULL;
  g_autoptr(sqlite3_stmt) insert_batch = NULL;
  g_autofree char *mapping = clt_mapping_to_json (run->mapping);
  g_autoptr(GString) header = g_string_new ("[");

  for (guint i = 0; i < clt_mapping_get_n_columns (run->mapping); i++)
    {
      if (i > 0)
        g_string_append_c (header, ',');
      json_append_string (header, clt_mapping_get_column (run->mapping, i));
    }
  g_string_append_c (header, ']');

  if (!(find_source = _clt_workspace_prepare (run->workspace, "SELECT id FROM sources WHERE name = ?1", error)))
    return FALSE;
  sqlite3_bind_text (find_source, 1, self->source_name, -1, SQLITE_STATIC);
  if (sqlite3_step (find_source) == SQLITE_ROW)
    run->source_id = sqlite3_column_int64 (find_source, 0);
  else
    {
      if (!(insert_source = _clt_workspace_prepare (run->workspace,
              "INSERT INTO sources (kind, name, created_at, priority) VALUES (?1, ?2, ?3, ?4)", error)))
        return FALSE;
      sqlite3_bind_text (insert_source, 1, run->preset->source_kind, -1, SQLITE_STATIC);
      sqlite3_bind_text (insert_source, 2, self->source_name, -1, SQLITE_STATIC);
      sqlite3_bind_text (insert_source, 3, run->now, -1, SQLITE_STATIC);
      sqlite3_bind_int (insert_source, 4, clt_preset_get_default_priority (run->preset));
      if (!_clt_workspace_step_done (run->workspace, insert_source, error))
        return FALSE;
      run->source_id = sqlite3_last_insert_rowid (_clt_workspace_get_db (run->workspace));
    }

  if (!(insert_batch = _clt_workspace_prepare (run->workspace,
          "INSERT INTO import_batches (source_id, file_name, file_size, file_sha256, preset, encoding, started_at, "
          "mapping, actor, header) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)", error)))
    return FALSE;
  sqlite3_bind_int64 (insert_batch, 1, run->source_id);
  sqlite3_bind_text (insert_batch, 2, self->file_name, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (insert_batch, 3, size);
  sqlite3_bind_text (insert_batch, 4, sha256, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert_batch, 5, run->preset->id, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert_batch, 6, self->encoding, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert_batch, 7, run->now, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert_batch, 8, mapping, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert_batch, 9, clt_workspace_get_actor (run->workspace), -1, SQLITE_STATIC);
  sqlite3_bind_text (insert_batch, 10, header->str, -1, SQLITE_STATIC);
  if (!_clt_workspace_step_done (run->workspace, insert_batch, error))
    return FALSE;

  run->batch_id = sqlite3_last_insert_rowid (_clt_workspace_get_db (run->workspace));

  return TRUE;
}

static gboolean
query_exists (Run         *run,
              const char  *sql,
              gint64       arg,
              gboolean    *exists,
              GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = _clt_workspace_prepare (run->workspace, sql, error);

  if (stmt == NULL)
    return FALSE;
  if (sqlite3_bind_parameter_count (stmt) > 0)
    sqlite3_bind_int64 (stmt, 1, arg);
  *exists = sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_int (stmt, 0) != 0;

  return TRUE;
}

static gboolean
finish_batch (Run     *run,
              GError **error)
{
  CltImporter *self = run->self;
  g_autoptr(sqlite3_stmt) update = NULL;
  g_autoptr(sqlite3_stmt) save_mapping = NULL;
  g_autofree char *mapping = clt_mapping_to_json (run->mapping);
  g_autoptr(GString) detail = g_string_new ("{");

  if (!(update = _clt_workspace_prepare (run->workspace,
          "UPDATE import_batches SET state = 'done', finished_at = ?2, rows_total = ?3, rows_new = ?4, "
          "rows_updated = ?5, rows_unchanged = ?6, rows_rejected = ?7, rows_suppressed = ?8 WHERE id = ?1", error)))
    return FALSE;
  sqlite3_bind_int64 (update, 1, run->batch_id);
  sqlite3_bind_text (update, 2, run->now, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (update, 3, self->rows_read);
  sqlite3_bind_int64 (update, 4, self->rows_new);
  sqlite3_bind_int64 (update, 5, self->rows_updated);
  sqlite3_bind_int64 (update, 6, self->rows_unchanged);
  sqlite3_bind_int64 (update, 7, self->rows_rejected);
  sqlite3_bind_int64 (update, 8, self->rows_suppressed);
  if (!_clt_workspace_step_done (run->workspace, update, error))
    return FALSE;

  if (!(save_mapping = _clt_workspace_prepare (run->workspace,
          "INSERT OR REPLACE INTO source_mappings (source_id, mapping, updated_at) VALUES (?1, ?2, ?3)", error)))
    return FALSE;
  sqlite3_bind_int64 (save_mapping, 1, run->source_id);
  sqlite3_bind_text (save_mapping, 2, mapping, -1, SQLITE_STATIC);
  sqlite3_bind_text (save_mapping, 3, run->now, -1, SQLITE_STATIC);
  if (!_clt_workspace_step_done (run->workspace, save_mapping, error))
    return FALSE;

  json_append_member (detail, "file", self->file_name);
  json_append_member (detail, "preset", run->preset->id);
  g_string_append_printf (detail, ",\"new\":%" G_GUINT64_FORMAT ",\"updated\":%" G_GUINT64_FORMAT
                          ",\"rejected\":%" G_GUINT64_FORMAT ",\"suppressed\":%" G_GUINT64_FORMAT "}",
                          self->rows_new, self->rows_updated, self->rows_rejected, self->rows_suppressed);

  return clt_workspace_audit (run->workspace, NULL, "import", "import_batch", run->batch_id,
                              detail->str, error);
}

static void
reset_counts (CltImporter *self)
{
  self->batch_id = 0;
  self->previous_batch = 0;
  self->rows_read = self->rows_new = self->rows_updated = self->rows_unchanged = self->rows_rejected = 0;
  self->rows_suppressed = 0;
  g_array_set_size (self->rejects, 0);
  g_ptr_array_set_size (self->preview, 0);
}

/* A file imported before, whole and not undone, adds nothing. */
static gint64
find_previous_batch (Run        *run,
                     const char *sha256)
{
  g_autoptr(sqlite3_stmt) stmt = _clt_workspace_prepare (run->workspace,
    "SELECT b.id FROM import_batches b JOIN sources s ON s.id = b.source_id "
    "WHERE b.file_sha256 = ?1 AND b.state = 'done' AND b.rows_erased = 0 AND s.name = ?2 ORDER BY b.id DESC LIMIT 1", NULL);

  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, sha256, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, run->self->source_name, -1, SQLITE_STATIC);

  return sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
}

static GFileInfo *
query_file (GFile   *file,
            GError **error)
{
  return g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE "," G_FILE_ATTRIBUTE_TIME_MODIFIED ","
                            G_FILE_ATTRIBUTE_TIME_MODIFIED_USEC "," G_FILE_ATTRIBUTE_UNIX_INODE,
                            G_FILE_QUERY_INFO_NONE, NULL, error);
}

/* A file written, truncated, replaced or removed while it was read is not imported. */
static gboolean
check_unchanged (Run          *run,
                 GFileInfo    *before,
                 CltRowReader *reader,
                 goffset       size,
                 GError      **error)
{
  g_autoptr(GFileInfo) after = query_file (run->self->file, NULL);

  if (after == NULL ||
      g_file_info_get_size (after) != g_file_info_get_size (before) ||
      g_file_info_get_size (before) != size ||
      (goffset) clt_row_reader_get_position (reader) != size ||
      g_file_info_get_attribute_uint64 (after, G_FILE_ATTRIBUTE_TIME_MODIFIED) !=
        g_file_info_get_attribute_uint64 (before, G_FILE_ATTRIBUTE_TIME_MODIFIED) ||
      g_file_info_get_attribute_uint32 (after, G_FILE_ATTRIBUTE_TIME_MODIFIED_USEC) !=
        g_file_info_get_attribute_uint32 (before, G_FILE_ATTRIBUTE_TIME_MODIFIED_USEC) ||
      g_file_info_get_attribute_uint64 (after, G_FILE_ATTRIBUTE_UNIX_INODE) !=
        g_file_info_get_attribute_uint64 (before, G_FILE_ATTRIBUTE_UNIX_INODE))
    {
      g_set_error (error, CLT_IMPORT_ERROR, CLT_IMPORT_ERROR_FAILED,
                   _("%s changed or was removed while it was being imported, so nothing was imported. "
                     "Import it again once it is complete."),
                   run->self->file_name);
      return FALSE;
    }

  return TRUE;
}

/* Into an empty workspace, records load faster with their indexes made afterwards, in
 * one pass each. Nothing is looked up through them meanwhile: this batch's own records
 * and profiles are found in memory. */
static gboolean
defer_indexes (Run     *run,
               GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  gboolean had_records;

  if (!query_exists (run, "SELECT EXISTS (SELECT 1 FROM source_records)", 0, &had_records, error))
    return FALSE;
  if (had_records)
    return TRUE;

  if (!(stmt = _clt_workspace_prepare (run->workspace,
          "SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL "
          "AND tbl_name IN ('source_records', 'record_identifiers')", error)))
    return FALSE;

  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_ptr_array_add (names, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
      g_ptr_array_add (run->deferred_indexes, g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  for (guint i = 0; i < names->len; i++)
    {
      /* Index names come from the schema itself, never from the file. */
      g_autofree char *drop = g_strdup_printf ("DROP INDEX \"%s\"", (const char *) g_ptr_array_index (names, i));

      if (!_clt_workspace_exec (run->workspace, drop, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
restore_indexes (Run     *run,
                 GError **error)
{
  for (guint i = 0; i < run->deferred_indexes->len; i++)
    {
      if (!_clt_workspace_exec (run->workspace, g_ptr_array_index (run->deferred_indexes, i), error))
        return FALSE;
    }

  return TRUE;
}

/* The batch and its rows; @sha256 is %NULL while it is being computed alongside. */
static gboolean
import_rows (Run           *run,
             CltRowReader  *reader,
             GFileInfo     *before,
             const char    *sha256,
             goffset        size,
             GCancellable  *cancellable,
             GError       **error)
{
  CltImporter *self = run->self;

  if (!clt_mapping_has_identifier (run->mapping))
    {
      g_autofree char *unplaced = clt_mapping_dup_unplaced (run->mapping);

      g_set_error (error, CLT_IMPORT_ERROR, CLT_IMPORT_ERROR_UNKNOWN_COLUMNS,
                   _("%s: no column says who a row is about (an e-mail address, phone, customer or card "
                     "number, or name). Columns that could not be placed: %s"),
                   self->file_name, unplaced);
      return FALSE;
    }

  if (!begin_batch (run, sha256, size, error) || !defer_indexes (run, error) || !prepare_statements (run, error) ||
      !query_exists (run, "SELECT EXISTS (SELECT 1 FROM source_records WHERE source_id = ?1)", run->source_id,
                     &run->source_had_records, error) ||
      !query_exists (run, "SELECT EXISTS (SELECT 1 FROM record_identifiers)", 0,
                     &run->workspace_had_identifiers, error))
    return FALSE;
  {
    g_autoptr(GError) local_error = NULL;

    if (!(run->suppression = _clt_suppression_load (run->workspace, &local_error)) && local_error != NULL)
      {
        g_propagate_error (error, g_steal_pointer (&local_error));
        return FALSE;
      }
  }

  for (;;)
    {
      g_autoptr(GError) row_error = NULL;
      CltRowStatus status = clt_row_reader_next (reader, &row_error);

      if (status == CLT_ROW_END)
        break;
      if (status == CLT_ROW_ERROR)
        {
          g_propagate_prefixed_error (error, g_steal_pointer (&row_error), "%s: ", self->file_name);
          return FALSE;
        }

      self->rows_read++;

      if (status == CLT_ROW_BAD)
        add_reject (run, clt_row_reader_get_line (reader), NULL, row_error->message, NULL);
      else if (!import_row (run, reader, error))
        return FALSE;

      if (self->rows_read % PROGRESS_EVERY == 0)
        {
          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            return FALSE;
          set_progress (self, size > 0 ? (double) clt_row_reader_get_position (reader) / size : 0);
        }
    }

  if (!flush_order (run, error) || !check_unchanged (run, before, reader, size, error) ||
      !restore_indexes (run, error) || !finish_batch (run, error))
    return FALSE;

  self->batch_id = run->batch_id;

  return TRUE;
}

/* Whether a file of @size was imported into the source before: only then can it be the
 * same file. */
static gboolean
size_seen (Run       *run,
           goffset    size,
           gboolean  *seen,
           GError   **error)
{
  g_autoptr(sqlite3_stmt) stmt = _clt_workspace_prepare (run->workspace,
    "SELECT EXISTS (SELECT 1 FROM import_batches b JOIN sources s ON s.id = b.source_id "
    "WHERE b.file_size = ?1 AND b.state = 'done' AND b.rows_erased = 0 AND s.name = ?2)", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, size);
  sqlite3_bind_text (stmt, 2, run->self->source_name, -1, SQLITE_STATIC);
  *seen = sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_int (stmt, 0) != 0;

  return TRUE;
}

static gboolean
run_import (Run           *run,
            GCancellable  *cancellable,
            GError       **error)
{
  CltImporter *self = run->self;
  g_autoptr(CltRowReader) reader = NULL;
  g_autoptr(GFileInfo) before = NULL;
  g_autoptr(GCancellable) sha_cancellable = NULL;
  g_autofree char *sha256 = NULL;
  Sha256Job job = { 0 };
  GThread *sha_thread = NULL;
  goffset size = 0;
  gboolean seen;
  gboolean ok;

  if (!(before = query_file (self->file, error)) ||
      !size_seen (run, g_file_info_get_size (before), &seen, error))
    return FALSE;

  /* A file of a size imported before may be that file again, which adds nothing: its
   * SHA-256 says so before anything is read. Any other file's SHA-256 is computed on a
   * second core while its rows are read, and recorded with the batch at its end. */
  if (seen)
    {
      if (!(sha256 = compute_sha256 (self->file, &size, cancellable, error)))
        return FALSE;
      if ((self->previous_batch = find_previous_batch (run, sha256)) != 0)
        return TRUE;
    }

  if (!(reader = open_reader (self, error)))
    return FALSE;

  if (!seen)
    {
      size = g_file_info_get_size (before);
      job.file = self->file;
      job.cancellable = sha_cancellable = g_cancellable_new ();
      sha_thread = g_thread_new ("clt-sha256", sha256_thread, &job);
    }

  ok = import_rows (run, reader, before, sha256, size, cancellable, error);

  if (sha_thread != NULL)
    {
      if (!ok)
        g_cancellable_cancel (sha_cancellable);
      sha256 = g_thread_join (sha_thread);

      if (ok && sha256 == NULL)
        {
          g_propagate_error (error, g_steal_pointer (&job.error));
          ok = FALSE;
        }
      else if (ok)
        {
          g_autoptr(sqlite3_stmt) update = NULL;

          /* The file read for the hash is the file whose rows were read. */
          if (!check_unchanged (run, before, reader, job.size, error))
            return FALSE;
          if ((self->previous_batch = find_previous_batch (run, sha256)) != 0)
            {
              self->batch_id = 0;
              return TRUE;
            }
          if (!(update = _clt_workspace_prepare (run->workspace,
                  "UPDATE import_batches SET file_sha256 = ?2 WHERE id = ?1", error)))
            return FALSE;
          sqlite3_bind_int64 (update, 1, run->batch_id);
          sqlite3_bind_text (update, 2, sha256, -1, SQLITE_STATIC);
          if (!_clt_workspace_step_done (run->workspace, update, error))
            return FALSE;
        }
      g_clear_error (&job.error);
    }

  return ok;
}

/**
 * clt_importer_run:
 * @dry_run: count what the import would do, and change nothing
 *
 * Imports the file in one transaction: on an error, a cancel or a dry run the workspace
 * is left exactly as it was. Rejected rows do not stop the import; they are counted and
 * listed with their line and reason.
 */
gboolean
clt_importer_run (CltImporter   *self,
                  gboolean       dry_run,
                  GCancellable  *cancellable,
                  GError       **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  Run run = { 0 };
  gboolean ok;

  g_return_val_if_fail (CLT_IS_IMPORTER (self), FALSE);

  if (self->mapping == NULL && !clt_importer_prepare (self, NULL, error))
    return FALSE;

  reset_counts (self);

  run.self = self;
  run.mapping = self->mapping;
  run.preset = clt_mapping_get_preset (self->mapping);
  run.now = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
  run.order_items = g_string_new (NULL);
  run.emails = g_ptr_array_new_with_free_func (g_free);
  run.phones = g_ptr_array_new_with_free_func (g_free);
  run.countries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  run.batch_records = g_hash_table_new (g_direct_hash, g_direct_equal);
  run.batch_profiles = g_hash_table_new (g_direct_hash, g_direct_equal);
  run.deferred_indexes = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < CLT_N_FIELDS; i++)
    run.raw[i] = g_ptr_array_new ();
  run.n_columns = clt_mapping_get_n_columns (self->mapping);
  run.column_fields = g_new0 (CltField, MAX (run.n_columns, 1));
  run.fields = g_new0 (const char *, MAX (run.n_columns, 1));
  for (guint i = 0; i < run.n_columns; i++)
    run.column_fields[i] = clt_mapping_get_field (self->mapping, i);
  run.keep_unmapped = clt_mapping_get_keep_unmapped (self->mapping);
  run.raw_buf = g_string_sized_new (256);
  run.norm_buf = g_string_sized_new (512);

  /* A larger page cache for this connection: an import touches several indexes per row.
   * Foreign keys go unchecked on it: every reference the import writes is to a source,
   * batch, profile or record it made or found in this same write transaction, which no
   * other connection can change meanwhile, and checking them cost a tenth of the time of
   * a first import. (It takes effect only outside a transaction, hence before BEGIN.) */
  if ((run.workspace = clt_workspace_open (self->workspace_path, error)) != NULL)
    clt_workspace_set_actor (run.workspace, self->actor);
  if (run.workspace == NULL ||
      !_clt_workspace_exec (run.workspace, "PRAGMA cache_size = -65536; PRAGMA foreign_keys = OFF", error) ||
      !_clt_workspace_begin (run.workspace, error))
    {
      run_clear (&run);
      return FALSE;
    }

  ok = run_import (&run, cancellable, error);

  if (ok && !dry_run && self->previous_batch == 0)
    ok = _clt_workspace_commit (run.workspace, error);

  if (!ok || dry_run || self->previous_batch != 0)
    _clt_workspace_rollback (run.workspace);

  if (ok && dry_run)
    self->batch_id = 0;

  set_progress (self, 1.0);
  run_clear (&run);

  return ok;
}

static void
run_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  CltImporter *self = source_object;
  g_autoptr(GError) error = NULL;

  if (!clt_importer_run (self, GPOINTER_TO_INT (task_data), cancellable, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * clt_importer_run_async:
 *
 * Runs clt_importer_run() in a worker thread. #CltImporter:fraction and
 * #CltImporter:rows-read are notified in the thread-default main context of the caller.
 */
void
clt_importer_run_async (CltImporter         *self,
                        gboolean             dry_run,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CLT_IS_IMPORTER (self));

  g_clear_pointer (&self->context, g_main_context_unref);
  self->context = g_main_context_ref_thread_default ();

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, clt_importer_run_async);
  g_task_set_task_data (task, GINT_TO_POINTER (dry_run), NULL);
  g_task_run_in_thread (task, run_thread);
}

gboolean
clt_importer_run_finish (CltImporter   *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (CLT_IS_IMPORTER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

double
clt_importer_get_fraction (CltImporter *self)
{
  g_return_val_if_fail (CLT_IS_IMPORTER (self), 0);
  return self->fraction;
}

/**
 * clt_importer_get_batch_id:
 *
 * Returns: the import batch written, or 0 after a dry run or a file imported before
 */
gint64
clt_importer_get_batch_id (CltImporter *self)
{
  g_return_val_if_fail (CLT_IS_IMPORTER (self), 0);
  return self->batch_id;
}

/**
 * clt_importer_get_previous_batch:
 *
 * Returns: the batch that imported this very file before, or 0
 */
gint64
clt_importer_get_previous_batch (CltImporter *self)
{
  g_return_val_if_fail (CLT_IS_IMPORTER (self), 0);
  return self->previous_batch;
}

guint64
clt_importer_get_rows_read (CltImporter *self)
{
  g_return_val_if_fail (CLT_IS_IMPORTER (self), 0);
  return self->rows_read;
}

guint64
clt_importer_get_rows_new (CltImporter *self)
{
  g_return_val_if_fail (CLT_IS_IMPORTER (self), 0);
  return self->rows_new;
}

guint64
clt_importer_get_rows_updated (CltImporter *self)
{
  g_return_val_if_fail (CLT_IS_IMPORTER (self), 0);
  return self->rows_updated;
}

guint64
clt_importer_get_rows_unchanged (CltImporter *self)
{
  g_return_val_if_fail (CLT_IS_IMPORTER (self), 0);
  return self->rows_unchanged;
}

guint64
clt_importer_get_rows_rejected (CltImporter *self)
{
  g_return_val_if_fail (CLT_IS_IMPORTER (self), 0);
  return self->rows_rejected;
}

/**
 * clt_importer_get_rows_suppressed:
 *
 * Returns: the rows refused because their person is on the suppression list (erased or
 *   objected); they are among the rejected rows, with the reason
 */
guint64
clt_importer_get_rows_suppressed (CltImporter *self)
{
  g_return_val_if_fail (CLT_IS_IMPORTER (self), 0);
  return self->rows_suppressed;
}

/**
 * clt_importer_set_actor:
 * @actor: (nullable): who the import is recorded as (the audit log, the batch); %NULL for
 *   the login name
 */
void
clt_importer_set_actor (CltImporter *self,
                        const char  *actor)
{
  g_return_if_fail (CLT_IS_IMPORTER (self));
  g_set_str (&self->actor, actor);
}

/**
 * clt_importer_set_notice:
 * @notice: (nullable): the form or notice version the file's people saw when they gave or
 *   refused consent, such as "newsletter form v3"; the consent events record it, and a grant
 *   through a notice that is (or later gets) invalidated does not count
 */
void
clt_importer_set_notice (CltImporter *self,
                         const char  *notice)
{
  g_return_if_fail (CLT_IS_IMPORTER (self));
  g_set_str (&self->notice, notice && *notice ? notice : NULL);
}

/**
 * clt_importer_get_preview:
 *
 * Returns: (transfer none) (element-type utf8): the first rows as they are stored, described
 *   field by field, for checking a dry run
 */
GPtrArray *
clt_importer_get_preview (CltImporter *self)
{
  g_return_val_if_fail (CLT_IS_IMPORTER (self), NULL);
  return self->preview;
}

/**
 * clt_importer_get_rejects:
 *
 * Returns: (transfer none) (element-type CltImportReject): the rejected rows (the first
 *   10,000), with line, column and reason
 */
GArray *
clt_importer_get_rejects (CltImporter *self)
{
  g_return_val_if_fail (CLT_IS_IMPORTER (self), NULL);
  return self->rejects;
}

static void
csv_append (GString    *out,
            const char *text)
{
  g_string_append_c (out, '"');
  for (const char *p = text ? text : ""; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

/**
 * clt_importer_append_rejects_csv:
 * @csv: where to append
 * @with_header: whether to start with the header row
 *
 * Appends the rejected rows as CSV: file, line, column, reason.
 */
void
clt_importer_append_rejects_csv (CltImporter *self,
                                 GString     *csv,
                                 gboolean     with_header)
{
  g_return_if_fail (CLT_IS_IMPORTER (self));

  if (with_header)
    {
      csv_append (csv, _("File"));
      g_string_append_c (csv, ',');
      csv_append (csv, _("Line"));
      g_string_append_c (csv, ',');
      csv_append (csv, _("Column"));
      g_string_append_c (csv, ',');
      csv_append (csv, _("Reason"));
      g_string_append (csv, "\r\n");
    }

  for (guint i = 0; i < self->rejects->len; i++)
    {
      const CltImportReject *reject = &g_array_index (self->rejects, CltImportReject, i);

      csv_append (csv, self->file_name);
      g_string_append_printf (csv, ",%" G_GUINT64_FORMAT ",", reject->line);
      csv_append (csv, reject->column);
      g_string_append_c (csv, ',');
      csv_append (csv, reject->reason);
      g_string_append (csv, "\r\n");
    }
}

/**
 * clt_importer_write_rejects:
 *
 * Writes the rejected rows to @file as CSV: file, line, column, reason.
 */
gboolean
clt_importer_write_rejects (CltImporter  *self,
                            GFile        *file,
                            GError      **error)
{
  g_autoptr(GString) csv = g_string_new (NULL);

  g_return_val_if_fail (CLT_IS_IMPORTER (self), FALSE);

  clt_importer_append_rejects_csv (self, csv, TRUE);

  return g_file_replace_contents (file, csv->str, csv->len, NULL, FALSE, G_FILE_CREATE_PRIVATE,
                                  NULL, NULL, error);
}

/**
 * clt_import_dup_raw_record:
 * @record_id: a source record
 *
 * Returns: (transfer full) (nullable): the record's row as imported, as a JSON object of
 *   column name and value, or %NULL with @error set
 */
char *
clt_import_dup_raw_record (CltWorkspace  *workspace,
                           gint64         record_id,
                           GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (CLT_IS_WORKSPACE (workspace), NULL);

  if (!(stmt = _clt_workspace_prepare (workspace,
          "SELECT json_group_object (h.value, v.value) FROM source_records s "
          "JOIN import_batches b ON b.id = s.batch_id, json_each (b.header) h, json_each (s.raw) v "
          "WHERE s.id = ?1 AND v.key = h.key AND v.type <> 'null'", error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, record_id);

  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      _clt_workspace_set_error (workspace, error, _("Could not read the imports"));
      return NULL;
    }

  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

/**
 * clt_import_undo:
 * @batch_id: an import batch
 *
 * Undoes the import: its records, events and consent events go, the records it updated
 * are restored, and profiles built only from its records go too. One transaction.
 */
gboolean
clt_import_undo (CltWorkspace  *workspace,
                 gint64         batch_id,
                 GError       **error)
{
  static const char * const steps[] = {
    "CREATE TEMP TABLE IF NOT EXISTS undo_profiles (id INTEGER PRIMARY KEY)",
    "DELETE FROM temp.undo_profiles",
    "INSERT OR IGNORE INTO temp.undo_profiles SELECT profile_id FROM source_records "
    "  WHERE batch_id = ?1 AND profile_id IS NOT NULL",
    "DELETE FROM consent_events WHERE batch_id = ?1",
    "DELETE FROM events WHERE batch_id = ?1",
    "INSERT OR IGNORE INTO unresolved_records (record_id) SELECT record_id FROM record_changes WHERE batch_id = ?1",
    "UPDATE source_records SET (raw, normalized, content_hash, batch_id, row_number) = "
    "  (SELECT old_raw, old_normalized, old_hash, old_batch_id, old_row_number FROM record_changes c "
    "   WHERE c.record_id = source_records.id AND c.batch_id = ?1) "
    "  WHERE id IN (SELECT record_id FROM record_changes WHERE batch_id = ?1)",
    "DELETE FROM record_identifiers WHERE record_id IN (SELECT record_id FROM record_changes WHERE batch_id = ?1)",
    "INSERT OR IGNORE INTO record_identifiers (kind, value, record_id) "
    "  SELECT 'email', e.value, r.id FROM source_records r, json_each (r.normalized, '$.email') e "
    "  WHERE r.id IN (SELECT record_id FROM record_changes WHERE batch_id = ?1) "
    "  UNION ALL SELECT 'card', json_extract (r.normalized, '$.card_number'), r.id FROM source_records r "
    "  WHERE r.id IN (SELECT record_id FROM record_changes WHERE batch_id = ?1) "
    "  AND json_extract (r.normalized, '$.card_number') IS NOT NULL",
    "DELETE FROM record_changes WHERE batch_id = ?1",
    "DELETE FROM profile_attributes WHERE source_record_id IN (SELECT id FROM source_records WHERE batch_id = ?1)",
    "DELETE FROM source_records WHERE batch_id = ?1",
    "DELETE FROM profiles WHERE id IN (SELECT id FROM temp.undo_profiles) "
    "  AND NOT EXISTS (SELECT 1 FROM source_records r WHERE r.profile_id = profiles.id)",
    "DELETE FROM import_rejects WHERE batch_id = ?1",
    "UPDATE import_batches SET state = 'undone' WHERE id = ?1",
  };
  g_autoptr(sqlite3_stmt) check = NULL;
  g_autoptr(sqlite3_stmt) later = NULL;
  g_autoptr(GString) detail = NULL;

  g_return_val_if_fail (CLT_IS_WORKSPACE (workspace), FALSE);

  if (!_clt_workspace_begin (workspace, error))
    return FALSE;

  if (!(check = _clt_workspace_prepare (workspace, "SELECT state, file_name FROM import_batches WHERE id = ?1", error)))
    goto fail;
  sqlite3_bind_int64 (check, 1, batch_id);
  if (sqlite3_step (check) != SQLITE_ROW || !g_str_equal ((const char *) sqlite3_column_text (check, 0), "done"))
    {
      g_set_error (error, CLT_IMPORT_ERROR, CLT_IMPORT_ERROR_NOT_FOUND,
                   _("There is no import %lld to undo"), (long long) batch_id);
      goto fail;
    }
  detail = g_string_new ("{");
  json_append_member (detail, "file", (const char *) sqlite3_column_text (check, 1));
  g_string_append_c (detail, '}');

  /* Records a later import changed must be restored by undoing that one first. */
  if (!(later = _clt_workspace_prepare (workspace,
          "SELECT max (batch_id) FROM record_changes WHERE old_batch_id = ?1", error)))
    goto fail;
  sqlite3_bind_int64 (later, 1, batch_id);
  if (sqlite3_step (later) == SQLITE_ROW && sqlite3_column_type (later, 0) != SQLITE_NULL)
    {
      g_set_error (error, CLT_IMPORT_ERROR, CLT_IMPORT_ERROR_FAILED,
                   _("Import %lld updated records of this one; undo it first"),
                   (long long) sqlite3_column_int64 (later, 0));
      goto fail;
    }

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      g_autoptr(sqlite3_stmt) stmt = _clt_workspace_prepare (workspace, steps[i], error);

      if (stmt == NULL)
        goto fail;
      if (sqlite3_bind_parameter_count (stmt) > 0)
        sqlite3_bind_int64 (stmt, 1, batch_id);
      if (!_clt_workspace_step_done (workspace, stmt, error))
        goto fail;
    }

  if (!clt_workspace_audit (workspace, NULL, "undo-import", "import_batch", batch_id, detail->str, error) ||
      !_clt_workspace_commit (workspace, error))
    goto fail;

  return TRUE;

fail:
  _clt_workspace_rollback (workspace);
  return FALSE;
}
