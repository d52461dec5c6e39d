/* clt-consent-ledger-reports.c: the reports of CltConsentLedger
 *
 * For one person: the access and portability report (Art. 15/20) as JSON (all data, each
 * value with its source: system, file, row and import) and as a self-contained HTML page,
 * and a printable consent proof. Both hold the consent history with its evidence and the
 * exports that included the person. For the workspace: the register of processing
 * (Art. 30) as an HTML document. HTML is escaped throughout; headings are translated and
 * dates shown as the locale writes them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "clt-consent-ledger"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <json-glib/json-glib.h>

#include "clt-consent-private.h"
#include "clt-identity.h"
#include "clt-workspace-private.h"

#define ACCESS_FORMAT "clientele-access-report/1"

static const char *
text_or_empty (const char *text)
{
  return text ? text : "";
}

/* An ISO 8601 time as the locale writes dates (31.01.2025 in German), or as it was. */
static char *
local_date (const char *iso)
{
  g_autoptr(GDateTime) time = NULL;
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();

  if (iso == NULL)
    return g_strdup ("");
  if ((time = g_date_time_new_from_iso8601 (iso, utc)) == NULL)
    {
      g_autofree char *with_time = g_strconcat (iso, "T00:00:00Z", NULL);

      time = g_date_time_new_from_iso8601 (with_time, utc);
    }
  if (time == NULL)
    return g_strdup (iso);

  return g_date_time_format (time, "%x");
}

/* ---- reading the person ---- */

typedef void (*RowFunc) (sqlite3_stmt *stmt, gpointer user_data);

static gboolean
foreach_row (CltWorkspace  *workspace,
             const char    *sql,
             gint64         profile_id,
             RowFunc        func,
             gpointer       user_data,
             GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = _clt_workspace_prepare (workspace, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, profile_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    func (stmt, user_data);
  if (rc != SQLITE_DONE)
    {
      _clt_workspace_set_error (workspace, error, _("Could not read the customer"));
      return FALSE;
    }

  return TRUE;
}

#define IDENTIFIERS_CTE \
  "WITH ids AS (SELECT i.kind, i.value FROM source_records r CROSS JOIN record_identifiers i ON i.record_id = r.id " \
  "  WHERE r.profile_id = ?1 AND i.kind IN ('email', 'phone') " \
  "  UNION SELECT 'email', lower (trim (email)) FROM profiles WHERE id = ?1 AND email IS NOT NULL " \
  "  UNION SELECT 'profile', CAST (?1 AS TEXT)) "

#define HISTORY_SQL \
  IDENTIFIERS_CTE \
  "SELECT e.id, e.identifier_kind, e.identifier, e.purpose, e.channel, e.action, e.event_time, e.recorded_time, " \
  "  e.method, e.actor, e.evidence, b.file_name, r.row_number, e.batch_id, e.notice, " \
  "  (SELECT n.invalidated_at FROM notice_invalidations n WHERE n.notice = e.notice AND e.action = 'given') " \
  "FROM ids JOIN consent_events e ON e.identifier_kind = ids.kind AND e.identifier = ids.value " \
  "LEFT JOIN source_records r ON r.id = e.source_record_id LEFT JOIN import_batches b ON b.id = e.batch_id " \
  "ORDER BY e.event_time, e.id"

#define EXPORTS_SQL \
  IDENTIFIERS_CTE \
  "SELECT DISTINCT x.id, x.created_at, x.purpose, x.channel, x.format, x.file_name, er.identifier, er.legal_basis, " \
  "  er.consent_event_id, x.actor " \
  "FROM export_recipients er JOIN exports x ON x.id = er.export_id " \
  "WHERE er.profile_id = ?1 OR (er.identifier_kind, er.identifier) IN (SELECT kind, value FROM ids) " \
  "ORDER BY x.created_at, x.id"

#define RECORDS_SQL \
  "SELECT r.id, s.name, s.kind, b.file_name, r.row_number, b.id, b.started_at, r.raw, b.header " \
  "FROM source_records r JOIN sources s ON s.id = r.source_id JOIN import_batches b ON b.id = r.batch_id " \
  "WHERE r.profile_id = ?1 ORDER BY r.id"

#define EVENTS_SQL \
  "SELECT e.kind, e.occurred_at, e.amount_cents, e.currency, e.detail, b.file_name, r.row_number " \
  "FROM events e LEFT JOIN source_records r ON r.id = e.source_record_id " \
  "LEFT JOIN import_batches b ON b.id = e.batch_id WHERE e.profile_id = ?1 ORDER BY e.occurred_at, e.id"

#define RESTRICTIONS_SQL \
  "SELECT DISTINCT x.id, x.kind, x.purpose, x.reason, x.created_at, x.lifted_at FROM restrictions x " \
  "JOIN restriction_records rr ON rr.restriction_id = x.id JOIN source_records r ON r.id = rr.record_id " \
  "WHERE r.profile_id = ?1 ORDER BY x.id"

/* What the insights computed of them: profiling, reported as such (Art. 15 (1) h). */
#define INSIGHTS_SQL \
  "SELECT recency_days, frequency, monetary_cents, r_score, f_score, m_score, rfm_group, " \
  "  CAST (expected_90d AS TEXT), CAST (p_alive AS TEXT), value_12m_cents, value_confidence " \
  "FROM profile_insights WHERE profile_id = ?1"

#define SEGMENTS_SQL \
  "SELECT s.name FROM segment_members m JOIN segments s ON s.id = m.segment_id " \
  "WHERE m.profile_id = ?1 AND s.deleted_at IS NULL ORDER BY s.name"

/* ---- JSON ---- */

static void
json_member_text (JsonBuilder *builder,
                  const char  *name,
                  const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
json_member_int (JsonBuilder *builder,
                 const char  *name,
                 sqlite3_stmt *stmt,
                 int          column)
{
  json_builder_set_member_name (builder, name);
  if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
    json_builder_add_null_value (builder);
  else
    json_builder_add_int_value (builder, sqlite3_column_int64 (stmt, column));
}

#define COL(i) ((const char *) sqlite3_column_text (stmt, (i)))

static void
json_evidence (JsonBuilder *builder,
               const char  *evidence)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  json_builder_set_member_name (builder, "evidence");
  if (evidence != NULL && json_parser_load_from_data (parser, evidence, -1, NULL))
    json_builder_add_value (builder, json_node_copy (json_parser_get_root (parser)));
  else
    json_builder_add_null_value (builder);
}

static void
json_history_row (sqlite3_stmt *stmt,
                  gpointer      user_data)
{
  JsonBuilder *builder = user_data;

  json_builder_begin_object (builder);
  json_member_int (builder, "id", stmt, 0);
  json_member_text (builder, "identifier_kind", COL (1));
  json_member_text (builder, "identifier", COL (2));
  json_member_text (builder, "purpose", COL (3));
  json_member_text (builder, "channel", COL (4));
  json_member_text (builder, "action", COL (5));
  json_member_text (builder, "event_time", COL (6));
  json_member_text (builder, "recorded_time", COL (7));
  json_member_text (builder, "method", COL (8));
  json_member_text (builder, "recorded_by", COL (9));
  json_evidence (builder, COL (10));
  json_builder_set_member_name (builder, "source");
  json_builder_begin_object (builder);
  json_member_text (builder, "file", COL (11));
  json_member_int (builder, "row", stmt, 12);
  json_member_int (builder, "import", stmt, 13);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "double_opt_in");
  json_builder_add_boolean_value (builder, g_strcmp0 (COL (8), "double opt-in") == 0);
  json_member_text (builder, "notice", COL (14));
  json_member_text (builder, "notice_invalidated", COL (15));
  json_builder_end_object (builder);
}

static void
json_export_row (sqlite3_stmt *stmt,
                 gpointer      user_data)
{
  JsonBuilder *builder = user_data;

  json_builder_begin_object (builder);
  json_member_int (builder, "export", stmt, 0);
  json_member_text (builder, "time", COL (1));
  json_member_text (builder, "purpose", COL (2));
  json_member_text (builder, "channel", COL (3));
  json_member_text (builder, "format", COL (4));
  json_member_text (builder, "file", COL (5));
  json_member_text (builder, "identifier_used", COL (6));
  json_member_text (builder, "legal_basis", COL (7));
  json_member_int (builder, "consent_event", stmt, 8);
  json_member_text (builder, "exported_by", COL (9));
  json_builder_end_object (builder);
}

static void
json_record_row (sqlite3_stmt *stmt,
                 gpointer      user_data)
{
  JsonBuilder *builder = user_data;
  g_autoptr(JsonParser) raw = json_parser_new ();
  g_autoptr(JsonParser) header = json_parser_new ();

  json_builder_begin_object (builder);
  json_member_int (builder, "record", stmt, 0);
  json_member_text (builder, "source", COL (1));
  json_member_text (builder, "source_kind", COL (2));
  json_member_text (builder, "file", COL (3));
  json_member_int (builder, "row", stmt, 4);
  json_member_int (builder, "import", stmt, 5);
  json_member_text (builder, "imported_at", COL (6));

  /* The row as imported, column by column. */
  json_builder_set_member_name (builder, "data");
  json_builder_begin_object (builder);
  if (COL (7) && COL (8) && json_parser_load_from_data (raw, COL (7), -1, NULL) &&
      json_parser_load_from_data (header, COL (8), -1, NULL) &&
      JSON_NODE_HOLDS_ARRAY (json_parser_get_root (raw)) && JSON_NODE_HOLDS_ARRAY (json_parser_get_root (header)))
    {
      JsonArray *values = json_node_get_array (json_parser_get_root (raw));
      JsonArray *columns = json_node_get_array (json_parser_get_root (header));

      for (guint i = 0; i < json_array_get_length (values) && i < json_array_get_length (columns); i++)
        {
          JsonNode *value = json_array_get_element (values, i);

          json_builder_set_member_name (builder, json_array_get_string_element (columns, i));
          json_builder_add_value (builder, json_node_copy (value));
        }
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);
}

static void
json_event_row (sqlite3_stmt *stmt,
                gpointer      user_data)
{
  JsonBuilder *builder = user_data;

  json_builder_begin_object (builder);
  json_member_text (builder, "kind", COL (0));
  json_member_text (builder, "time", COL (1));
  json_member_int (builder, "amount_cents", stmt, 2);
  json_member_text (builder, "currency", COL (3));
  json_evidence (builder, COL (4));
  json_builder_set_member_name (builder, "source");
  json_builder_begin_object (builder);
  json_member_text (builder, "file", COL (5));
  json_member_int (builder, "row", stmt, 6);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
}

static void
json_insight_row (sqlite3_stmt *stmt,
                  gpointer      user_data)
{
  JsonBuilder *builder = user_data;

  json_builder_begin_object (builder);
  json_member_text (builder, "computed_by", "Clientele insights (RFM, BG/NBD and Gamma-Gamma models)");
  json_member_int (builder, "recency_days", stmt, 0);
  json_member_int (builder, "purchase_days", stmt, 1);
  json_member_int (builder, "spend_cents", stmt, 2);
  json_member_int (builder, "recency_score", stmt, 3);
  json_member_int (builder, "frequency_score", stmt, 4);
  json_member_int (builder, "monetary_score", stmt, 5);
  json_member_text (builder, "rfm_group", COL (6));
  json_member_text (builder, "expected_purchases_90_days", COL (7));
  json_member_text (builder, "probability_still_a_customer", COL (8));
  json_member_int (builder, "value_12_months_cents", stmt, 9);
  json_member_text (builder, "value_confidence", COL (10));
  json_builder_end_object (builder);
}

static void
json_restriction_row (sqlite3_stmt *stmt,
                      gpointer      user_data)
{
  JsonBuilder *builder = user_data;

  json_builder_begin_object (builder);
  json_member_int (builder, "id", stmt, 0);
  json_member_text (builder, "kind", COL (1));
  json_member_text (builder, "purpose", COL (2));
  json_member_text (builder, "reason", COL (3));
  json_member_text (builder, "since", COL (4));
  json_member_text (builder, "lifted", COL (5));
  json_builder_end_object (builder);
}

static void
json_segment_row (sqlite3_stmt *stmt,
                  gpointer      user_data)
{
  json_builder_add_string_value (user_data, COL (0));
}

static gboolean
json_array_of (JsonBuilder   *builder,
               CltWorkspace  *workspace,
               const char    *name,
               const char    *sql,
               gint64         profile_id,
               RowFunc        func,
               GError       **error)
{
  gboolean ok;

  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  ok = foreach_row (workspace, sql, profile_id, func, builder, error);
  json_builder_end_array (builder);

  return ok;
}

/**
 * clt_consent_ledger_dup_access_json:
 *
 * The access and portability report of one person (Art. 15 and 20), machine-readable: their
 * golden values, each with the record it came from; every source record as imported (system,
 * file, row, import, the row's columns); their events; the consent history of their
 * addresses with evidence; the exports that included them, with the address used and the
 * basis; restrictions; segments; what the insights computed of them (profiling); and the
 * purposes with their legal bases and retention.
 *
 * Returns: (transfer full): the report as JSON, or %NULL with @error set
 */
char *
clt_consent_ledger_dup_access_json (CltConsentLedger  *self,
                                    gint64             profile_id,
                                    GError           **error)
{
  CltWorkspace *workspace;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) values = NULL;
  g_autoptr(GListModel) purposes = NULL;
  g_autofree char *now = _clt_consent_now ();

  g_return_val_if_fail (CLT_IS_CONSENT_LEDGER (self), NULL);

  workspace = _clt_consent_ledger_get_db_workspace (self);
  if (!(values = clt_identity_list_values (workspace, profile_id, error)) ||
      !(purposes = clt_consent_ledger_list_purposes (self, error)))
    return NULL;

  json_builder_begin_object (builder);
  json_member_text (builder, "format", ACCESS_FORMAT);
  json_member_text (builder, "generated_at", now);
  json_builder_set_member_name (builder, "profile");
  json_builder_add_int_value (builder, profile_id);

  json_builder_set_member_name (builder, "values");
  json_builder_begin_array (builder);
  for (guint i = 0; i < values->len; i++)
    {
      CltProfileValue *value = g_ptr_array_index (values, i);

      json_builder_begin_object (builder);
      json_member_text (builder, "field", value->field);
      json_member_text (builder, "value", value->value);
      json_member_text (builder, "source", value->origin);
      json_member_text (builder, "imported_at", value->imported_at);
      json_member_text (builder, "rule", value->rule);
      json_builder_set_member_name (builder, "pinned");
      json_builder_add_boolean_value (builder, value->pinned);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  if (!json_array_of (builder, workspace, "records", RECORDS_SQL, profile_id, json_record_row, error) ||
      !json_array_of (builder, workspace, "events", EVENTS_SQL, profile_id, json_event_row, error) ||
      !json_array_of (builder, workspace, "consent_history", HISTORY_SQL, profile_id, json_history_row, error) ||
      !json_array_of (builder, workspace, "exports", EXPORTS_SQL, profile_id, json_export_row, error) ||
      !json_array_of (builder, workspace, "restrictions", RESTRICTIONS_SQL, profile_id, json_restriction_row, error) ||
      !json_array_of (builder, workspace, "segments", SEGMENTS_SQL, profile_id, json_segment_row, error) ||
      !json_array_of (builder, workspace, "insights", INSIGHTS_SQL, profile_id, json_insight_row, error))
    return NULL;

  json_builder_set_member_name (builder, "purposes");
  json_builder_begin_array (builder);
  for (guint i = 0; i < g_list_model_get_n_items (purposes); i++)
    {
      g_autoptr(CltPurpose) purpose = g_list_model_get_item (purposes, i);

      json_builder_begin_object (builder);
      json_member_text (builder, "key", clt_purpose_get_key (purpose));
      json_member_text (builder, "label", clt_purpose_get_label (purpose));
      json_member_text (builder, "legal_basis", clt_purpose_get_legal_basis_label (purpose));
      json_member_text (builder, "description", clt_purpose_get_description (purpose));
      json_builder_set_member_name (builder, "retention_months");
      json_builder_add_int_value (builder, clt_purpose_get_retention_months (purpose));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);

  return json_generator_to_data (generator, NULL);
}

/* ---- HTML ---- */

static void
html_begin (GString    *html,
            const char *title)
{
  g_autofree char *escaped = g_markup_escape_text (title, -1);

  g_string_append_printf (html,
                          "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>%s</title>\n"
                          "<style>body{font-family:sans-serif;margin:2em;max-width:60em}"
                          "table{border-collapse:collapse;width:100%%;margin-bottom:1.5em}"
                          "th,td{border:1px solid #999;padding:.3em .5em;text-align:left;vertical-align:top;overflow-wrap:anywhere}"
                          "th{background:#eee;overflow-wrap:normal;white-space:nowrap}code{white-space:pre-wrap;word-break:break-all}"
                          "@media print{body{margin:0}}</style></head><body>\n<h1>%s</h1>\n",
                          escaped, escaped);
}

static void
html_heading (GString    *html,
              const char *heading)
{
  g_autofree char *escaped = g_markup_escape_text (heading, -1);

  g_string_append_printf (html, "<h2>%s</h2>\n", escaped);
}

static void
html_row (GString            *html,
          const char         *cell_tag,
          const char * const *cells,
          guint               n_cells)
{
  g_string_append (html, "<tr>");
  for (guint i = 0; i < n_cells; i++)
    {
      g_autofree char *escaped = g_markup_escape_text (text_or_empty (cells[i]), -1);

      g_string_append_printf (html, "<%s>%s</%s>", cell_tag, escaped, cell_tag);
    }
  g_string_append (html, "</tr>\n");
}

static void
html_table_head (GString            *html,
                 const char * const *headings,
                 guint               n)
{
  g_string_append (html, "<table>\n");
  html_row (html, "th", headings, n);
}

static void
html_history_row (sqlite3_stmt *stmt,
                  gpointer      user_data)
{
  GString *html = user_data;
  g_autofree char *when = local_date (COL (6));
  g_autofree char *recorded = local_date (COL (7));
  g_autofree char *source = COL (11) ? g_strdup_printf ("%s, %s", COL (11), text_or_empty (COL (12))) : NULL;
  g_autofree char *method = COL (14) ? g_strdup_printf ("%s (%s)", text_or_empty (COL (8)), COL (14)) : g_strdup (COL (8));
  const char *proof = COL (15) ? _("Not valid: its notice was invalidated")
                      : g_strcmp0 (COL (5), "given") != 0 || g_strcmp0 (COL (1), "email") != 0 ? ""
                      : g_strcmp0 (COL (8), "double opt-in") == 0 ? _("Double opt-in") : _("Weak proof: no double opt-in");
  const char *cells[] = { when, COL (2), COL (3), COL (4), COL (5), method, proof, source, COL (10), recorded };

  html_row (html, "td", cells, G_N_ELEMENTS (cells));
}

static void
html_export_row (sqlite3_stmt *stmt,
                 gpointer      user_data)
{
  GString *html = user_data;
  g_autofree char *when = local_date (COL (1));
  const char *cells[] = { when, COL (2), COL (5), COL (6), COL (7) };

  html_row (html, "td", cells, G_N_ELEMENTS (cells));
}

static void
html_record_row (sqlite3_stmt *stmt,
                 gpointer      user_data)
{
  GString *html = user_data;
  g_autofree char *when = local_date (COL (6));
  const char *cells[] = { COL (1), COL (3), COL (4), when, COL (7) };

  html_row (html, "td", cells, G_N_ELEMENTS (cells));
}

static void
html_event_row (sqlite3_stmt *stmt,
                gpointer      user_data)
{
  GString *html = user_data;
  g_autofree char *when = local_date (COL (1));
  g_autofree char *amount = sqlite3_column_type (stmt, 2) == SQLITE_NULL ? NULL
    : g_strdup_printf ("%.2f %s", sqlite3_column_int64 (stmt, 2) / 100.0, text_or_empty (COL (3)));
  const char *cells[] = { when, COL (0), amount, COL (5) };

  html_row (html, "td", cells, G_N_ELEMENTS (cells));
}

static void
html_restriction_row (sqlite3_stmt *stmt,
                      gpointer      user_data)
{
  GString *html = user_data;
  g_autofree char *since = local_date (COL (4));
  g_autofree char *lifted = local_date (COL (5));
  const char *kind = g_strcmp0 (COL (1), "objection") == 0 ? _("Objection (Art. 21)") : _("Restriction (Art. 18)");
  const char *cells[] = { kind, COL (2) ? COL (2) : _("All purposes"), since, lifted };

  html_row (html, "td", cells, G_N_ELEMENTS (cells));
}

static gboolean
html_history (GString       *html,
              CltWorkspace  *workspace,
              gint64         profile_id,
              GError       **error)
{
  const char *headings[] = {
    _("When"), _("Address"), _("Purpose"), _("Channel"), _("Action"), _("Method"), _("Proof"), _("Source"),
    _("Evidence"), _("Recorded"),
  };
  const char *export_headings[] = { _("When"), _("Purpose"), _("File"), _("Address used"), _("Legal basis") };

  html_heading (html, _("Consent history"));
  html_table_head (html, headings, G_N_ELEMENTS (headings));
  if (!foreach_row (workspace, HISTORY_SQL, profile_id, html_history_row, html, error))
    return FALSE;
  g_string_append (html, "</table>\n");

  html_heading (html, _("Exports that included the person"));
  html_table_head (html, export_headings, G_N_ELEMENTS (export_headings));
  if (!foreach_row (workspace, EXPORTS_SQL, profile_id, html_export_row, html, error))
    return FALSE;
  g_string_append (html, "</table>\n");

  return TRUE;
}

static void
html_generated (GString *html)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *when = g_date_time_format (now, "%x %X");
  g_autofree char *line = g_strdup_printf (_("Made by Clientele on %s."), when);
  g_autofree char *escaped = g_markup_escape_text (line, -1);

  g_string_append_printf (html, "<p>%s</p>\n", escaped);
}

/**
 * clt_consent_ledger_dup_access_html:
 *
 * The access report of one person as a self-contained HTML page: the same content as
 * clt_consent_ledger_dup_access_json(), readable.
 *
 * Returns: (transfer full): the page, or %NULL with @error set
 */
char *
clt_consent_ledger_dup_access_html (CltConsentLedger  *self,
                                    gint64             profile_id,
                                    GError           **error)
{
  CltWorkspace *workspace;
  g_autoptr(GString) html = g_string_new (NULL);
  g_autoptr(GPtrArray) values = NULL;
  g_autoptr(GListModel) purposes = NULL;
  g_autofree char *title = NULL;
  const char *value_headings[] = { _("Field"), _("Value"), _("Source"), _("Imported") };
  const char *record_headings[] = { _("System"), _("File"), _("Row"), _("Imported"), _("Row as imported") };
  const char *event_headings[] = { _("When"), _("What"), _("Amount"), _("File") };
  const char *restriction_headings[] = { _("Kind"), _("Purpose"), _("Since"), _("Lifted") };
  const char *purpose_headings[] = { _("Purpose"), _("Legal basis"), _("Description"), _("Retention") };

  g_return_val_if_fail (CLT_IS_CONSENT_LEDGER (self), NULL);

  workspace = _clt_consent_ledger_get_db_workspace (self);
  if (!(values = clt_identity_list_values (workspace, profile_id, error)) ||
      !(purposes = clt_consent_ledger_list_purposes (self, error)))
    return NULL;

  title = g_strdup_printf (_("Information about your data (customer %lld)"), (long long) profile_id);
  html_begin (html, title);
  html_generated (html);

  html_heading (html, _("Your data"));
  html_table_head (html, value_headings, G_N_ELEMENTS (value_headings));
  for (guint i = 0; i < values->len; i++)
    {
      CltProfileValue *value = g_ptr_array_index (values, i);
      g_autofree char *imported = local_date (value->imported_at);
      const char *cells[] = { value->field, value->value, value->origin, imported };

      html_row (html, "td", cells, G_N_ELEMENTS (cells));
    }
  g_string_append (html, "</table>\n");

  html_heading (html, _("Where it came from"));
  html_table_head (html, record_headings, G_N_ELEMENTS (record_headings));
  if (!foreach_row (workspace, RECORDS_SQL, profile_id, html_record_row, html, error))
    return NULL;
  g_string_append (html, "</table>\n");

  html_heading (html, _("Purchases and activity"));
  html_table_head (html, event_headings, G_N_ELEMENTS (event_headings));
  if (!foreach_row (workspace, EVENTS_SQL, profile_id, html_event_row, html, error))
    return NULL;
  g_string_append (html, "</table>\n");

  if (!html_history (html, workspace, profile_id, error))
    return NULL;

  html_heading (html, _("Restrictions and objections"));
  html_table_head (html, restriction_headings, G_N_ELEMENTS (restriction_headings));
  if (!foreach_row (workspace, RESTRICTIONS_SQL, profile_id, html_restriction_row, html, error))
    return NULL;
  g_string_append (html, "</table>\n");

  html_heading (html, _("Purposes, legal bases and retention"));
  html_table_head (html, purpose_headings, G_N_ELEMENTS (purpose_headings));
  for (guint i = 0; i < g_list_model_get_n_items (purposes); i++)
    {
      g_autoptr(CltPurpose) purpose = g_list_model_get_item (purposes, i);
      g_autofree char *retention = clt_purpose_dup_retention_text (purpose);
      const char *cells[] = {
        clt_purpose_get_label (purpose), clt_purpose_get_legal_basis_label (purpose),
        clt_purpose_get_description (purpose), retention,
      };

      html_row (html, "td", cells, G_N_ELEMENTS (cells));
    }
  g_string_append (html, "</table>\n");

  html_heading (html, _("Your rights"));
  {
    g_autofree char *rights = g_markup_escape_text (
      _("You may ask for your data to be corrected, erased or restricted, object to its use for direct marketing "
        "at any time, take it with you in this machine-readable form, and complain to a data protection "
        "supervisory authority."), -1);

    g_string_append_printf (html, "<p>%s</p>\n", rights);
  }

  g_string_append (html, "</body></html>\n");

  return g_string_free (g_steal_pointer (&html), FALSE);
}

/**
 * clt_consent_ledger_dup_proof_html:
 *
 * A read-only, printable consent proof for one profile: the current consent of each of its
 * addresses, and every ledger event with its evidence (double opt-in request and
 * confirmation, source file and row), and the exports that used it.
 *
 * Returns: (transfer full): the page, or %NULL with @error set
 */
char *
clt_consent_ledger_dup_proof_html (CltConsentLedger  *self,
                                   gint64             profile_id,
                                   GError           **error)
{
  CltWorkspace *workspace;
  g_autoptr(GString) html = g_string_new (NULL);
  g_autoptr(GListModel) states = NULL;
  g_autofree char *title = NULL;
  const char *headings[] = { _("Address"), _("Purpose"), _("Channel"), _("State"), _("Since"), _("Notes") };

  g_return_val_if_fail (CLT_IS_CONSENT_LEDGER (self), NULL);

  workspace = _clt_consent_ledger_get_db_workspace (self);
  if (!(states = clt_consent_ledger_list_states (self, profile_id, error)))
    return NULL;

  title = g_strdup_printf (_("Consent proof for customer %lld"), (long long) profile_id);
  html_begin (html, title);
  html_generated (html);

  html_heading (html, _("Current consent"));
  html_table_head (html, headings, G_N_ELEMENTS (headings));
  for (guint i = 0; i < g_list_model_get_n_items (states); i++)
    {
      g_autoptr(CltConsentStatus) state = g_list_model_get_item (states, i);
      g_autoptr(GPtrArray) notes = g_ptr_array_new_null_terminated (4, NULL, TRUE);
      g_autofree char *since = local_date (clt_consent_status_get_event_time (state));
      g_autofree char *joined = NULL;

      if (clt_consent_status_get_weak_proof (state))
        g_ptr_array_add (notes, (gpointer) _("weak proof: no double opt-in"));
      if (clt_consent_status_get_stale (state))
        g_ptr_array_add (notes, (gpointer) _("stale: not used for a long time"));
      if (clt_consent_status_get_bounced (state))
        g_ptr_array_add (notes, (gpointer) _("the address bounced"));
      if (clt_consent_status_get_suppressed (state))
        g_ptr_array_add (notes, (gpointer) _("on the suppression list"));
      if (clt_consent_status_get_regrant (state))
        g_ptr_array_add (notes, (gpointer) _("given again after a withdrawal, without new proof"));
      joined = g_strjoinv ("; ", (char **) notes->pdata);
      {
        const char *cells[] = {
          clt_consent_status_get_identifier (state), clt_consent_status_get_purpose (state),
          clt_consent_status_get_channel (state), clt_consent_status_get_action (state), since, joined,
        };

        html_row (html, "td", cells, G_N_ELEMENTS (cells));
      }
    }
  g_string_append (html, "</table>\n");

  if (!html_history (html, workspace, profile_id, error))
    return NULL;
  g_string_append (html, "</body></html>\n");

  return g_string_free (g_steal_pointer (&html), FALSE);
}

/**
 * clt_consent_ledger_dup_register_html:
 *
 * The register of processing activities (Art. 30) as an HTML document: the controller,
 * each purpose with its legal basis, data categories, recipients and retention rule, how
 * retention applies them, and the exports made per purpose.
 *
 * Returns: (transfer full): the document, or %NULL with @error set
 */
char *
clt_consent_ledger_dup_register_html (CltConsentLedger  *self,
                                      GError           **error)
{
  CltWorkspace *workspace;
  g_autoptr(GString) html = g_string_new (NULL);
  g_autoptr(GListModel) purposes = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *controller = NULL;
  g_autofree char *name = NULL;
  const char *headings[] = {
    _("Purpose"), _("Legal basis"), _("Channel"), _("Data categories"), _("Recipients"), _("Retention"),
    _("Description"),
  };
  const char *export_headings[] = { _("Purpose"), _("Exports"), _("People exported"), _("Last export") };

  g_return_val_if_fail (CLT_IS_CONSENT_LEDGER (self), NULL);

  workspace = _clt_consent_ledger_get_db_workspace (self);
  if (!(purposes = clt_consent_ledger_list_purposes (self, error)))
    return NULL;

  html_begin (html, _("Records of processing activities (Art. 30 GDPR)"));
  html_generated (html);

  name = clt_workspace_dup_name (workspace);
  controller = _clt_workspace_dup_meta (workspace, "controller");
  {
    g_autofree char *line = g_strdup_printf (_("Controller: %s. Processing: the customer data workspace “%s”, kept "
                                               "on this computer."),
                                             controller ? controller : _("(not set)"), name);
    g_autofree char *escaped = g_markup_escape_text (line, -1);

    g_string_append_printf (html, "<p>%s</p>\n", escaped);
  }

  html_heading (html, _("Purposes"));
  html_table_head (html, headings, G_N_ELEMENTS (headings));
  for (guint i = 0; i < g_list_model_get_n_items (purposes); i++)
    {
      g_autoptr(CltPurpose) purpose = g_list_model_get_item (purposes, i);
      g_autofree char *retention = clt_purpose_dup_retention_text (purpose);
      const char *cells[] = {
        clt_purpose_get_label (purpose), clt_purpose_get_legal_basis_label (purpose), clt_purpose_get_channel (purpose),
        clt_purpose_get_data_categories (purpose), clt_purpose_get_recipients (purpose), retention,
        clt_purpose_get_description (purpose),
      };

      html_row (html, "td", cells, G_N_ELEMENTS (cells));
    }
  g_string_append (html, "</table>\n");

  /* Retention by purpose and data category (clt-consent-ledger-retention.c). */
  html_heading (html, _("Retention rules"));
  {
    g_autofree char *rules = g_markup_escape_text (
      _("Each purpose keeps the data categories it lists for as long as its rule above allows. Contact and postal "
        "details stay while any purpose keeps the customer; a restricted customer is kept. A customer no purpose "
        "keeps, or a category of their purchases, loyalty receipts or newsletter activity that no purpose keeping "
        "them needs, is listed for deletion; a person approves the list before it is run."), -1);

    g_string_append_printf (html, "<p>%s</p>\n", rules);
  }

  html_heading (html, _("Recipients: exports per purpose"));
  html_table_head (html, export_headings, G_N_ELEMENTS (export_headings));
  if (!(stmt = _clt_workspace_prepare (workspace,
          "SELECT purpose, count (*), total (row_count), max (created_at) FROM exports GROUP BY purpose ORDER BY purpose",
          error)))
    return NULL;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autofree char *count = g_strdup_printf ("%lld", (long long) sqlite3_column_int64 (stmt, 1));
      g_autofree char *people = g_strdup_printf ("%lld", (long long) sqlite3_column_double (stmt, 2));
      g_autofree char *last = local_date (COL (3));
      const char *cells[] = { COL (0), count, people, last };

      html_row (html, "td", cells, G_N_ELEMENTS (cells));
    }
  g_string_append (html, "</table>\n");

  html_heading (html, _("Technical and organisational measures"));
  {
    g_autofree char *measures = g_markup_escape_text (
      _("The data stays in one workspace file on this computer, readable by its user only. Deleted data is "
        "overwritten. Every change is recorded in a hash-chained audit log without personal data. Erased and "
        "objecting people are kept only as keyed hashes on a suppression list, so they are not imported again."), -1);

    g_string_append_printf (html, "<p>%s</p>\n", measures);
  }
  g_string_append (html, "</body></html>\n");

  return g_string_free (g_steal_pointer (&html), FALSE);
}

/* ---- in a worker thread ---- */

typedef struct
{
  gint64  profile_id;
  GFile  *folder;
} ReportData;

static void
report_data_free (gpointer data)
{
  ReportData *report = data;

  g_clear_object (&report->folder);
  g_free (report);
}

static CltConsentLedger *
thread_ledger (CltConsentLedger  *self,
               GError           **error)
{
  CltWorkspace *workspace = _clt_consent_ledger_get_db_workspace (self);
  g_autoptr(CltWorkspace) connection = clt_workspace_open (clt_workspace_get_path (workspace), error);

  if (connection == NULL)
    return NULL;
  clt_workspace_set_actor (connection, clt_workspace_get_actor (workspace));

  return clt_consent_ledger_new (connection);
}

static gboolean
write_private (GFile       *folder,
               const char  *name,
               const char  *contents,
               GError     **error)
{
  g_autoptr(GFile) file = g_file_get_child (folder, name);
  g_autofree char *path = g_file_get_path (file);

  /* Personal data: readable by the user only. */
  return g_file_set_contents_full (path, contents, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}

static void
write_access_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  ReportData *report = task_data;
  g_autoptr(CltConsentLedger) ledger = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  g_autofree char *html = NULL;
  g_autofree char *json_name = g_strdup_printf ("access-%" G_GINT64_FORMAT ".json", report->profile_id);
  g_autofree char *html_name = g_strdup_printf ("access-%" G_GINT64_FORMAT ".html", report->profile_id);
  g_autofree char *detail = NULL;
  g_autofree char *sha256 = NULL;

  if (!(ledger = thread_ledger (source_object, &error)) ||
      !(json = clt_consent_ledger_dup_access_json (ledger, report->profile_id, &error)) ||
      !(html = clt_consent_ledger_dup_access_html (ledger, report->profile_id, &error)) ||
      g_task_return_error_if_cancelled (task))
    {
      if (error != NULL)
        g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (g_mkdir_with_parents (g_file_peek_path (report->folder), 0700) != 0 ||
      !write_private (report->folder, json_name, json, &error) ||
      !write_private (report->folder, html_name, html, &error))
    {
      if (error == NULL)
        g_set_error (&error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Cannot create the folder “%s”"),
                     g_file_peek_path (report->folder));
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* The package's hash, in the audit log (no personal data). */
  sha256 = g_compute_checksum_for_string (G_CHECKSUM_SHA256, json, -1);
  detail = g_strdup_printf ("{\"json_sha256\":\"%s\"}", sha256);
  {
    CltWorkspace *workspace = clt_consent_ledger_get_workspace (ledger);

    if (!_clt_workspace_begin (workspace, &error) ||
        !clt_workspace_audit (workspace, NULL, "access-report", "profile", report->profile_id, detail, &error) ||
        !_clt_workspace_commit (workspace, &error))
      {
        _clt_workspace_rollback (workspace);
        g_task_return_error (task, g_steal_pointer (&error));
        return;
      }
  }

  g_task_return_boolean (task, TRUE);
}

/**
 * clt_consent_ledger_write_access_async:
 * @folder: where to write access-ID.json and access-ID.html (made if missing; files 0600)
 *
 * Writes the access and portability report of one person in a worker thread, on a
 * connection of its own, and records its hash in the audit log.
 */
void
clt_consent_ledger_write_access_async (CltConsentLedger    *self,
                                       gint64               profile_id,
                                       GFile               *folder,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ReportData *report;

  g_return_if_fail (CLT_IS_CONSENT_LEDGER (self));
  g_return_if_fail (G_IS_FILE (folder));

  report = g_new0 (ReportData, 1);
  report->profile_id = profile_id;
  report->folder = g_object_ref (folder);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, clt_consent_ledger_write_access_async);
  g_task_set_task_data (task, report, report_data_free);
  g_task_run_in_thread (task, write_access_thread);
}

gboolean
clt_consent_ledger_write_access_finish (CltConsentLedger  *self,
                                        GAsyncResult      *result,
                                        GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
proof_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  ReportData *report = task_data;
  g_autoptr(CltConsentLedger) ledger = NULL;
  g_autoptr(GError) error = NULL;
  char *html;

  if (!(ledger = thread_ledger (source_object, &error)) ||
      !(html = clt_consent_ledger_dup_proof_html (ledger, report->profile_id, &error)))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, html, g_free);
}

/**
 * clt_consent_ledger_dup_proof_html_async:
 *
 * Makes the consent proof of one profile in a worker thread, on a connection of its own.
 */
void
clt_consent_ledger_dup_proof_html_async (CltConsentLedger    *self,
                                         gint64               profile_id,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ReportData *report;

  g_return_if_fail (CLT_IS_CONSENT_LEDGER (self));

  report = g_new0 (ReportData, 1);
  report->profile_id = profile_id;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, clt_consent_ledger_dup_proof_html_async);
  g_task_set_task_data (task, report, report_data_free);
  g_task_run_in_thread (task, proof_thread);
}

/**
 * clt_consent_ledger_dup_proof_html_finish:
 *
 * Returns: (transfer full): the page, or %NULL with @error set
 */
char *
clt_consent_ledger_dup_proof_html_finish (CltConsentLedger  *self,
                                          GAsyncResult      *result,
                                          GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
