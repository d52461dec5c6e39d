/* clientele-cli.c: Clientele from the command line
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "clientele-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <errno.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <math.h>
#include <string.h>

#include "clt-core.h"
#include "clt-insights-private.h"

#define EXIT_USER_ERROR  1
#define EXIT_USAGE_ERROR 2

typedef int (*CommandFunc) (CltWorkspace *workspace, int argc, char **argv);

typedef struct
{
  const char  *name;
  const char  *summary;
  CommandFunc  func;
  gboolean     no_workspace;
} Command;

static int
command_info (CltWorkspace  *workspace,
              int            argc,
              char         **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) counts = NULL;

  if (argc > 1)
    {
      g_printerr (_("info takes no arguments\n"));
      return EXIT_USAGE_ERROR;
    }

  if (!(counts = clt_workspace_count_tables (workspace, &error)))
    {
      g_printerr ("clientele-cli: %s\n", error->message);
      return EXIT_USER_ERROR;
    }

  g_print (_("Workspace: %s\n"), clt_workspace_get_path (workspace));
  g_print (_("Schema version: %u\n"), clt_workspace_get_schema_version (workspace));
  g_print (_("Rows per table:\n"));
  for (guint i = 0; i < counts->len; i++)
    {
      const CltTableCount *count = &g_array_index (counts, CltTableCount, i);

      g_print ("  %-20s %12" G_GINT64_FORMAT "\n", count->table, count->rows);
    }

  return EXIT_SUCCESS;
}

/* A day given as YYYY-MM-DD, at noon UTC; NULL, said on stderr, for anything else. */
static GDateTime *
parse_day (const char *text)
{
  g_autofree char *iso = g_strconcat (text, "T12:00:00Z", NULL);
  GDateTime *day = g_date_time_new_from_iso8601 (iso, NULL);

  if (day == NULL)
    g_printerr (_("clientele-cli: “%s” is not a date (YYYY-MM-DD)\n"), text);

  return day;
}

static gboolean
parse_command_options (const char    *parameters,
                       GOptionEntry  *entries,
                       int           *argc,
                       char        ***argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (parameters);
  g_autoptr(GError) error = NULL;

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, argc, argv, &error))
    {
      g_printerr ("clientele-cli: %s\n", error->message);
      return FALSE;
    }

  return TRUE;
}

static int
import_file (CltWorkspace    *workspace,
             const char      *path,
             const CltPreset *preset,
             const char      *map_json,
             const char      *source,
             const char      *notice,
             gboolean         dry_run,
             gboolean         keep_unmapped,
             const char      *rejects_path)
{
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);
  g_autoptr(CltImporter) importer = clt_importer_new (clt_workspace_get_path (workspace), file);
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_file_get_basename (file);
  GArray *rejects;

  if (source != NULL)
    clt_importer_set_source_name (importer, source);
  clt_importer_set_notice (importer, notice);
  clt_importer_set_actor (importer, clt_workspace_get_actor (workspace));

  if (!clt_importer_prepare (importer, preset, &error))
    {
      g_printerr ("clientele-cli: %s\n", error->message);
      return EXIT_USER_ERROR;
    }

  if (map_json != NULL)
    {
      GPtrArray *header = g_ptr_array_new ();
      CltMapping *current = clt_importer_get_mapping (importer);
      g_autoptr(CltMapping) mapping = NULL;

      for (guint i = 0; i < clt_mapping_get_n_columns (current); i++)
        g_ptr_array_add (header, (gpointer) clt_mapping_get_column (current, i));
      g_ptr_array_add (header, NULL);
      mapping = clt_mapping_new_from_json ((const char * const *) header->pdata, map_json, &error);
      g_ptr_array_unref (header);
      if (mapping == NULL)
        {
          g_printerr ("clientele-cli: %s\n", error->message);
          return EXIT_USER_ERROR;
        }
      clt_importer_set_mapping (importer, mapping);
    }

  clt_mapping_set_keep_unmapped (clt_importer_get_mapping (importer), keep_unmapped);

  if (!clt_importer_run (importer, dry_run, NULL, &error))
    {
      g_printerr ("clientele-cli: %s\n", error->message);
      return EXIT_USER_ERROR;
    }

  if (clt_importer_get_previous_batch (importer) != 0)
    {
      /* Translators: %s is a file name, %lld an import number */
      g_print (_("%s: imported before as import %lld; nothing added\n"), name,
               (long long) clt_importer_get_previous_batch (importer));
      return EXIT_SUCCESS;
    }

  /* Translators: the summary of one import; the last two are the preset and the encoding */
  g_print (_("%s: %llu rows read, %llu new, %llu updated, %llu unchanged, %llu rejected (%s, %s)%s\n"),
           name,
           (unsigned long long) clt_importer_get_rows_read (importer),
           (unsigned long long) clt_importer_get_rows_new (importer),
           (unsigned long long) clt_importer_get_rows_updated (importer),
           (unsigned long long) clt_importer_get_rows_unchanged (importer),
           (unsigned long long) clt_importer_get_rows_rejected (importer),
           clt_preset_get_name (clt_mapping_get_preset (clt_importer_get_mapping (importer))),
           clt_importer_get_encoding (importer),
           dry_run ? _(" — dry run, nothing written") : "");

  rejects = clt_importer_get_rejects (importer);
  for (guint i = 0; i < rejects->len; i++)
    {
      const CltImportReject *reject = &g_array_index (rejects, CltImportReject, i);

      if (reject->column != NULL)
        g_printerr ("%s:%llu: %s: %s\n", name, (unsigned long long) reject->line, reject->column, reject->reason);
      else
        g_printerr ("%s:%llu: %s\n", name, (unsigned long long) reject->line, reject->reason);
    }

  if (rejects_path != NULL && rejects->len > 0)
    {
      g_autoptr(GFile) out = g_file_new_for_commandline_arg (rejects_path);

      if (!clt_importer_write_rejects (importer, out, &error))
        {
          g_printerr ("clientele-cli: %s\n", error->message);
          return EXIT_USER_ERROR;
        }
    }

  return EXIT_SUCCESS;
}

static int
command_import (CltWorkspace  *workspace,
                int            argc,
                char         **argv)
{
  g_autofree char *preset_id = NULL;
  g_autofree char *map_path = NULL;
  g_autofree char *map_json = NULL;
  g_autofree char *source = NULL;
  g_autofree char *notice = NULL;
  g_autofree char *rejects_path = NULL;
  g_autoptr(GError) error = NULL;
  gboolean dry_run = FALSE;
  gboolean keep_unmapped = FALSE;
  const CltPreset *preset = NULL;
  int status = EXIT_SUCCESS;
  GOptionEntry entries[] = {
    { "preset", 0, 0, G_OPTION_ARG_STRING, &preset_id, N_("The kind of export, or auto (default)"), N_("NAME") },
    { "map", 0, 0, G_OPTION_ARG_FILENAME, &map_path, N_("A column mapping saved as JSON"), N_("FILE") },
    { "source", 0, 0, G_OPTION_ARG_STRING, &source, N_("The source system's name in the workspace"), N_("NAME") },
    { "notice", 0, 0, G_OPTION_ARG_STRING, &notice,
      N_("The form or notice version the file's people saw when they consented"), N_("VERSION") },
    { "dry-run", 0, 0, G_OPTION_ARG_NONE, &dry_run, N_("Count what would be imported; change nothing"), NULL },
    { "keep-unmapped", 0, 0, G_OPTION_ARG_NONE, &keep_unmapped, N_("Keep unmapped columns in the raw record"), NULL },
    { "rejects", 0, 0, G_OPTION_ARG_FILENAME, &rejects_path, N_("Save the rejected rows to FILE as CSV"), N_("FILE") },
    G_OPTION_ENTRY_NULL
  };

  if (!parse_command_options (_("FILE…"), entries, &argc, &argv))
    return EXIT_USAGE_ERROR;

  if (argc < 2)
    {
      g_printerr (_("Usage: clientele-cli import [--preset NAME|auto] [--map FILE] [--source NAME] [--notice VERSION] "
                    "[--dry-run] FILE…\n"));
      return EXIT_USAGE_ERROR;
    }

  if (preset_id != NULL && !g_str_equal (preset_id, "auto") && !(preset = clt_preset_find (preset_id)))
    {
      guint n;
      const CltPreset *all = clt_preset_get_all (&n);
      g_autoptr(GString) names = g_string_new ("generic");

      for (guint i = 0; i < n; i++)
        g_string_append_printf (names, ", %s", all[i].id);
      g_printerr (_("clientele-cli: unknown preset “%s”; the presets are: %s\n"), preset_id, names->str);
      return EXIT_USAGE_ERROR;
    }

  if (map_path != NULL && !g_file_get_contents (map_path, &map_json, NULL, &error))
    {
      g_printerr ("clientele-cli: %s\n", error->message);
      return EXIT_USER_ERROR;
    }

  for (int i = 1; i < argc; i++)
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (argv[i]);
      g_autoptr(GPtrArray) members = NULL;
      g_autofree char *dir = NULL;

      if (!clt_archive_is_zip (file))
        {
          int file_status = import_file (workspace, argv[i], preset, map_json, source, notice, dry_run, keep_unmapped,
                                         rejects_path);

          status = MAX (status, file_status);
          continue;
        }

      /* A ZIP, such as Mailchimp's audience export: each export in it. */
      if (!(dir = g_dir_make_tmp ("clientele-zip-XXXXXX", &error)) ||
          !(members = clt_archive_extract (file, dir, &error)))
        {
          g_printerr ("clientele-cli: %s: %s\n", argv[i], error->message);
          g_clear_error (&error);
          status = EXIT_USER_ERROR;
        }
      for (guint m = 0; members != NULL && m < members->len; m++)
        {
          g_autofree char *path = g_file_get_path (g_ptr_array_index (members, m));
          int file_status = import_file (workspace, path, preset, map_json, source, notice, dry_run, keep_unmapped,
                                         rejects_path);

          status = MAX (status, file_status);
        }
      if (dir != NULL)
        clt_archive_remove_dir (dir);
    }

  return status;
}

static int
command_imports (CltWorkspace  *workspace,
                 int            argc,
                 char         **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) batches = NULL;

  if (argc > 1)
    {
      g_printerr (_("imports takes no arguments\n"));
      return EXIT_USAGE_ERROR;
    }

  if (!(batches = clt_import_batch_list (workspace, &error)))
    {
      g_printerr ("clientele-cli: %s\n", error->message);
      return EXIT_USER_ERROR;
    }

  for (guint i = 0; i < g_list_model_get_n_items (batches); i++)
    {
      g_autoptr(CltImportBatch) batch = g_list_model_get_item (batches, i);
      GDateTime *started = clt_import_batch_get_started_at (batch);
      g_autofree char *when = started ? g_date_time_format (started, "%Y-%m-%d %H:%M") : g_strdup ("");

      g_print ("%5" G_GINT64_FORMAT "  %s  %-8s  %-14s  %s  %" G_GINT64_FORMAT "/%" G_GINT64_FORMAT "/%"
               G_GINT64_FORMAT "\n",
               clt_import_batch_get_id (batch), when, clt_import_batch_get_state (batch),
               clt_import_batch_get_source_name (batch), clt_import_batch_get_file_name (batch),
               clt_import_batch_get_rows_new (batch), clt_import_batch_get_rows_updated (batch),
               clt_import_batch_get_rows_rejected (batch));
    }

  return EXIT_SUCCESS;
}

static int
command_undo_import (CltWorkspace  *workspace,
                     int            argc,
                     char         **argv)
{
  g_autoptr(GError) error = NULL;
  gint64 id;

  if (argc != 2 || !g_ascii_string_to_signed (argv[1], 10, 1, G_MAXINT64, &id, NULL))
    {
      g_printerr (_("Usage: clientele-cli undo-import ID\n"));
      return EXIT_USAGE_ERROR;
    }

  if (!clt_import_undo (workspace, id, &error))
    {
      g_printerr ("clientele-cli: %s\n", error->message);
      return EXIT_USER_ERROR;
    }

  g_print (_("Import %lld undone.\n"), (long long) id);

  return EXIT_SUCCESS;
}

static int
command_demo (CltWorkspace  *workspace,
              int            argc,
              char         **argv)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) paths = NULL;
  int persons = 500;
  int seed = 1;
  gboolean large = FALSE;
  GOptionEntry entries[] = {
    { "persons", 0, 0, G_OPTION_ARG_INT, &persons, N_("How many invented people (default 500)"), N_("N") },
    { "seed", 0, 0, G_OPTION_ARG_INT, &seed, N_("The same seed writes the same people"), N_("N") },
    { "large", 0, 0, G_OPTION_ARG_NONE, &large,
      N_("Write PROFILES invented customers with EVENTS purchases straight into a new workspace at PATH"), NULL },
    G_OPTION_ENTRY_NULL
  };

  if (!parse_command_options (_("DIR | --large PROFILES EVENTS PATH"), entries, &argc, &argv))
    return EXIT_USAGE_ERROR;

  if (large)
    {
      guint64 profiles = 0, events = 0;
      gint64 start = g_get_monotonic_time ();

      if (argc != 4 ||
          !g_ascii_string_to_unsigned (argv[1], 10, 1, G_MAXUINT32, &profiles, NULL) ||
          !g_ascii_string_to_unsigned (argv[2], 10, 0, G_MAXUINT32, &events, NULL))
        {
          g_printerr (_("Usage: clientele-cli demo --large [--seed N] PROFILES EVENTS PATH\n"));
          return EXIT_USAGE_ERROR;
        }
      if (!clt_large_workspace_write (argv[3], profiles, events, seed, &error))
        {
          g_printerr ("clientele-cli: %s\n", error->message);
          return EXIT_USER_ERROR;
        }
      g_print (_("%s: %u profiles, %u events in %.1f s\n"), argv[3], (guint) profiles, (guint) events,
               (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC);
      return EXIT_SUCCESS;
    }

  if (argc != 2 || persons < 1)
    {
      g_printerr (_("Usage: clientele-cli demo [--persons N] [--seed N] DIR\n"));
      return EXIT_USAGE_ERROR;
    }

  if (g_mkdir_with_parents (argv[1], 0700) != 0 ||
      !(paths = clt_demo_write (argv[1], persons, seed, &error)))
    {
      g_printerr ("clientele-cli: %s\n", error ? error->message : g_strerror (errno));
      return EXIT_USER_ERROR;
    }

  for (guint i = 0; paths[i]; i++)
    g_print ("%s\n", paths[i]);

  return EXIT_SUCCESS;
}

static int
command_resolve (CltWorkspace  *workspace,
                 int            argc,
                 char         **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CltResolver) resolver = NULL;
  gboolean full = FALSE;
  double seconds = 0;
  GOptionEntry entries[] = {
    { "full", 0, 0, G_OPTION_ARG_NONE, &full, N_("Compare every record anew, not only new and changed ones"), NULL },
    G_OPTION_ENTRY_NULL
  };

  if (!parse_command_options (NULL, entries, &argc, &argv))
    return EXIT_USAGE_ERROR;
  if (argc != 1)
    {
      g_printerr (_("Usage: clientele-cli resolve [--full]\n"));
      return EXIT_USAGE_ERROR;
    }

  resolver = clt_resolver_new (clt_workspace_get_path (workspace));
  clt_resolver_set_actor (resolver, clt_workspace_get_actor (workspace));
  clt_resolver_set_full (resolver, full);
  if (!clt_resolver_run (resolver, NULL, &error))
    {
      g_printerr ("clientele-cli: %s\n", error->message);
      return EXIT_USER_ERROR;
    }

  for (guint phase = 0; phase < CLT_RESOLVE_N_PHASES; phase++)
    seconds += clt_resolver_get_seconds (resolver, phase);

  /* Translators: the summary of identity resolution */
  g_print (_("%u records, %u profiles, %u merged, %u pairs to review, %llu pairs compared, %.2f s "
             "(load %.2f s, match %.2f s, write %.2f s)\n"),
           clt_resolver_get_n_records (resolver), clt_resolver_get_n_profiles (resolver),
           clt_resolver_get_n_merged (resolver), clt_resolver_get_n_review (resolver),
           (unsigned long long) clt_resolver_get_n_compared (resolver), seconds,
           clt_resolver_get_seconds (resolver, CLT_RESOLVE_PHASE_LOAD),
           clt_resolver_get_seconds (resolver, CLT_RESOLVE_PHASE_MATCH),
           clt_resolver_get_seconds (resolver, CLT_RESOLVE_PHASE_WRITE));

  return EXIT_SUCCESS;
}

/* A CSV field, quoted where it has to be. */
static void
print_csv_field (const char *text)
{
  if (strpbrk (text, ",\"\r\n") == NULL)
    {
      g_print ("%s", text);
      return;
    }

  g_print ("\"");
  for (const char *p = text; *p; p++)
    g_print (*p == '"' ? "\"\"" : "%c", *p);
  g_print ("\"");
}

static void
print_link (const char *file_name,
            gint64      row,
            gint64      profile_id,
            gpointer    user_data)
{
  print_csv_field (file_name);
  g_print (",%lld,%lld\n", (long long) row, (long long) profile_id);
}

static int
command_links (CltWorkspace  *workspace,
               int            argc,
               char         **argv)
{
  g_autoptr(GError) error = NULL;

  if (argc != 1)
    {
      g_printerr (_("Usage: clientele-cli links\n"));
      return EXIT_USAGE_ERROR;
    }

  g_print ("source_file,row,profile_id\n");
  if (!clt_identity_foreach_link (workspace, print_link, NULL, &error))
    {
      g_printerr ("clientele-cli: %s\n", error->message);
      return EXIT_USER_ERROR;
    }

  return EXIT_SUCCESS;
}

/* FILE:ROW to a record id. */
static gint64
parse_record (CltWorkspace  *workspace,
              const char    *text,
              GError       **error)
{
  const char *colon = strrchr (text, ':');
  g_autofree char *path = NULL;
  g_autofree char *file = NULL;
  gint64 row;

  if (colon == NULL || !g_ascii_string_to_signed (colon + 1, 10, 1, G_MAXINT64, &row, NULL))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("“%s” is not FILE:ROW, such as kunden.csv:12"), text);
      return 0;
    }
  path = g_strndup (text, colon - text);
  file = g_path_get_basename (path);

  return clt_identity_find_record (workspace, file, row, error);
}

static const char *
level_name (CltMatchLevel level)
{
  switch (level)
    {
    case CLT_MATCH_LEVEL_EXACT: return _("exact");
    case CLT_MATCH_LEVEL_CLOSE: return _("close");
    case CLT_MATCH_LEVEL_FAR: return _("far");
    case CLT_MATCH_LEVEL_DIFFERENT: return _("different");
    case CLT_MATCH_LEVEL_MISSING:
    case CLT_MATCH_N_LEVELS:
    default: return _("missing");
    }
}

static int
command_explain (CltWorkspace  *workspace,
                 int            argc,
                 char         **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CltResolver) resolver = NULL;
  g_autoptr(CltMatchEvidence) evidence = NULL;
  gint64 a, b = 0, profile_a, profile_b;

  if (argc != 2 && argc != 3)
    {
      g_printerr (_("Usage: clientele-cli explain FILE:ROW [FILE:ROW]\n"));
      return EXIT_USAGE_ERROR;
    }

  if (!(a = parse_record (workspace, argv[1], &error)) || (argc == 3 && !(b = parse_record (workspace, argv[2], &error))))
    {
      g_printerr ("clientele-cli: %s\n", error->message);
      return EXIT_USER_ERROR;
    }

  /* One record: why it is in its profile, and its comparison with the record it joined. */
  if (argc == 2)
    {
      g_autofree char *rule = NULL;
      g_autofree char *partner_name = NULL;

      if (!clt_identity_get_link (workspace, a, &rule, &b))
        {
          g_printerr (_("clientele-cli: %s has not been resolved yet; run clientele-cli resolve\n"), argv[1]);
          return EXIT_USER_ERROR;
        }
      if (b == 0)
        {
          g_print (_("%s is alone in profile %lld: no other record matched it.\n"), argv[1],
                   (long long) clt_identity_get_profile (workspace, a));
          return EXIT_SUCCESS;
        }
      partner_name = clt_identity_dup_record_name (workspace, b);
      /* Translators: "kunden.csv:12 is in profile 7 by rule email, with shop.csv:3" */
      g_print (_("%s is in profile %lld by rule %s, with %s.\n"), argv[1],
               (long long) clt_identity_get_profile (workspace, a), rule, partner_name ? partner_name : "?");
    }

  resolver = clt_resolver_new (clt_workspace_get_path (workspace));
  if (!(evidence = clt_resolver_explain (resolver, a, b, &error)))
    {
      g_printerr ("clientele-cli: %s\n", error->message);
      return EXIT_USER_ERROR;
    }

  {
    g_autofree char *name_b = clt_identity_dup_record_name (workspace, b);

    g_print ("%-12s %-28s %-28s %-10s %8s\n", _("field"), argv[1], name_b ? name_b : "", _("agreement"), _("bits"));
  }
  for (guint f = 0; f < CLT_MATCH_N_FIELDS; f++)
    {
      if (evidence->values_a[f] == NULL && evidence->values_b[f] == NULL)
        continue;
      g_print ("%-12s %-28s %-28s %-10s %+8.2f\n", clt_match_field_get_id (f),
               evidence->values_a[f] ? evidence->values_a[f] : "–",
               evidence->values_b[f] ? evidence->values_b[f] : "–",
               /* The city counts as part of the postcode where both records have one. */
               evidence->levels[f] == CLT_MATCH_LEVEL_MISSING && evidence->values_a[f] && evidence->values_b[f] ?
               _("postcode") : level_name (evidence->levels[f]), evidence->weights[f]);
    }
  g_print ("%-12s %-28s %-28s %-10s %+8.2f\n", _("prior"), "", "", "", evidence->prior);
  /* Translators: the total evidence in bits (log2 odds) and the match probability */
  g_print (_("total: %+.2f bits, match probability %.4f\n"), evidence->score,
           1 / (1 + exp2 (-evidence->score)));

  profile_a = clt_identity_get_profile (workspace, a);
  profile_b = clt_identity_get_profile (workspace, b);
  if (profile_a != 0 && profile_a == profile_b)
    g_print (_("Both are in profile %lld.\n"), (long long) profile_a);
  else
    g_print (_("They are in different profiles (%lld and %lld).\n"), (long long) profile_a, (long long) profile_b);

  return EXIT_SUCCESS;
}

static void
search_changed_cb (GListModel *model,
                   guint       position,
                   guint       removed,
                   guint       added,
                   gboolean   *counted)
{
  *counted = TRUE;
}

static int
command_search (CltWorkspace  *workspace,
                int            argc,
                char         **argv)
{
  g_autoptr(CltProfileList) list = NULL;
  g_autofree char *text = NULL;
  gboolean counted = FALSE;
  int limit = 20;
  guint n;
  GOptionEntry entries[] = {
    { "limit", 0, 0, G_OPTION_ARG_INT, &limit, N_("Show at most N profiles (default 20)"), N_("N") },
    G_OPTION_ENTRY_NULL
  };

  if (!parse_command_options (_("WORD…"), entries, &argc, &argv))
    return EXIT_USAGE_ERROR;

  text = g_strjoinv (" ", argv + 1);
  list = clt_profile_list_new (workspace);
  g_signal_connect (list, "items-changed", G_CALLBACK (search_changed_cb), &counted);
  clt_profile_list_set_search (list, text);
  while (clt_profile_list_get_loading (list))
    g_main_context_iteration (NULL, TRUE);

  n = g_list_model_get_n_items (G_LIST_MODEL (list));
  for (guint i = 0; i < n && i < (guint) MAX (limit, 0); i++)
    {
      g_autoptr(CltProfileItem) item = g_list_model_get_item (G_LIST_MODEL (list), i);

      while (clt_profile_item_get_loading (item))
        g_main_context_iteration (NULL, TRUE);
      g_print ("%" G_GINT64_FORMAT "\t%s\t%s\t%s\n", clt_profile_item_get_id (item), clt_profile_item_get_name (item),
               clt_profile_item_get_email (item) ? clt_profile_item_get_email (item) : "",
               clt_profile_item_get_city (item) ? clt_profile_item_get_city (item) : "");
    }
  g_print (g_dngettext (GETTEXT_PACKAGE, "%u profile\n", "%u profiles\n", n), n);

  return EXIT_SUCCESS;
}

/* ---- segment ---- */

static char *
describe_node (CltSegmentNode *node)
{
  if (CLT_IS_SEGMENT_GROUP (node))
    {
      switch (clt_segment_group_get_match (CLT_SEGMENT_GROUP (node)))
        {
        case CLT_SEGMENT_MATCH_ANY: return g_strdup (_("any of"));
        case CLT_SEGMENT_MATCH_NONE: return g_strdup (_("none of"));
        case CLT_SEGMENT_MATCH_ALL:
        default: return g_strdup (_("all of"));
        }
    }
  if (CLT_IS_SEGMENT_REF (node))
    return g_strdup_printf (_("segment %lld"), (long long) clt_segment_ref_get_segment_id (CLT_SEGMENT_REF (node)));

  {
    CltCondition *condition = CLT_CONDITION (node);
    g_autofree char *values = g_strjoinv (", ", (char **) clt_condition_get_values (condition));
    const char *field = clt_condition_get_field (condition);

    if (clt_condition_get_kind (condition) == CLT_CONDITION_BEHAVIOUR)
      {
        static const char * const aggregates[] = { "count", "sum", "average", "first", "last" };
        GString *text = g_string_new (NULL);

        g_string_append_printf (text, "%s (%s)", aggregates[clt_condition_get_aggregate (condition)],
                                field ? clt_segment_catalogue_get_label (field) : "");
        if (clt_condition_get_product (condition))
          g_string_append_printf (text, _(", product “%s”"), clt_condition_get_product (condition));
        if (clt_condition_get_window (condition) == CLT_TIME_WINDOW_LAST_DAYS)
          g_string_append_printf (text, _(", last %u days"), clt_condition_get_window_days (condition));
        g_string_append_printf (text, " %s %s", clt_segment_operator_to_string (clt_condition_get_operator (condition)),
                                values);
        return g_string_free (text, FALSE);
      }

    return g_strdup_printf ("%s %s %s", field ? clt_segment_catalogue_get_label (field) : "",
                            clt_segment_operator_to_string (clt_condition_get_operator (condition)), values);
  }
}

static void
print_counts (CltSegmentCounts *counts,
              CltSegmentNode   *node,
              guint             depth)
{
  g_autofree char *path = clt_segment_node_dup_path (node);
  g_autofree char *text = describe_node (node);
  gint64 own = 0, removes = 0;

  clt_segment_counts_lookup_path (counts, path, &own, &removes);
  if (depth > 0)
    g_print ("%*s%-*s %12" G_GINT64_FORMAT " %12" G_GINT64_FORMAT "\n", (int) depth * 2, "",
             MAX (50 - (int) depth * 2, 10), text, own, removes);

  if (CLT_IS_SEGMENT_GROUP (node))
    for (guint i = 0; i < clt_segment_group_get_n_children (CLT_SEGMENT_GROUP (node)); i++)
      print_counts (counts, clt_segment_group_get_child (CLT_SEGMENT_GROUP (node), i), depth + 1);
}

static CltSegmentGroup *
read_definition (const char  *arg,
                 GError     **error)
{
  g_autofree char *contents = NULL;
  gsize length;

  if (g_str_has_prefix (arg, "{"))
    return clt_segment_definition_from_json (arg, -1, error);
  if (!g_file_get_contents (arg, &contents, &length, error))
    return NULL;

  return clt_segment_definition_from_json (contents, length, error);
}

static int
segment_count (CltWorkspace  *workspace,
               int            argc,
               char         **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CltSegmentGroup) root = NULL;
  g_autoptr(CltSegmentEvaluator) evaluator = NULL;
  g_autoptr(CltSegmentCounts) counts = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *now_text = NULL;
  gboolean sql = FALSE;
  int samples = 0;
  GOptionEntry entries[] = {
    { "now", 0, 0, G_OPTION_ARG_STRING, &now_text, N_("Count time windows back from DATE (YYYY-MM-DD) instead of today"), N_("DATE") },
    { "sql", 0, 0, G_OPTION_ARG_NONE, &sql, N_("Count with the single SQL query instead of the bitmaps"), NULL },
    { "samples", 0, 0, G_OPTION_ARG_INT, &samples, N_("Show N members and why each is in"), N_("N") },
    G_OPTION_ENTRY_NULL
  };

  if (!parse_command_options (_("count JSON_OR_FILE"), entries, &argc, &argv))
    return EXIT_USAGE_ERROR;
  if (argc != 3)
    {
      g_printerr (_("Usage: clientele-cli segment count [--now DATE] [--sql] [--samples N] JSON_OR_FILE\n"));
      return EXIT_USAGE_ERROR;
    }
  if (now_text != NULL && !(now = parse_day (now_text)))
    return EXIT_USAGE_ERROR;

  if (!(root = read_definition (argv[2], &error)) ||
      !(evaluator = clt_segment_evaluator_new (clt_workspace_get_path (workspace), &error)))
    {
      g_printerr ("clientele-cli: %s\n", error->message);
      return EXIT_USER_ERROR;
    }
  clt_segment_evaluator_set_now (evaluator, now);

  counts = sql ? clt_segment_evaluator_count_sql (evaluator, root, NULL, &error)
               : clt_segment_evaluator_count (evaluator, root, MAX (samples, 0), NULL, &error);
  if (counts == NULL)
    {
      g_printerr ("clientele-cli: %s\n", error->message);
      return EXIT_USER_ERROR;
    }

  g_print (_("Total: %lld (may be e-mailed: %lld) in %.1f ms\n"),
           (long long) clt_segment_counts_get_total (counts), (long long) clt_segment_counts_get_consented (counts),
           clt_segment_counts_get_seconds (counts) * 1000);
  g_print ("%-52s %12s %12s\n", _("Condition"), _("Own count"), _("Removes"));
  print_counts (counts, CLT_SEGMENT_NODE (root), 0);

  for (guint i = 0; i < clt_segment_counts_get_samples (counts)->len; i++)
    {
      CltSegmentMember *member = g_ptr_array_index (clt_segment_counts_get_samples (counts), i);
      const char * const *paths = clt_segment_member_get_paths (member);
      const char * const *values = clt_segment_member_get_values (member);

      g_print ("%" G_GINT64_FORMAT "\t%s", clt_segment_member_get_id (member),
               clt_segment_member_get_name (member) ? clt_segment_member_get_name (member) : "");
      for (guint j = 0; paths[j]; j++)
        g_print ("\t%s=%s", paths[j], values[j]);
      g_print ("\n");
    }

  return EXIT_SUCCESS;
}

static int
segment_save (CltWorkspace  *workspace,
              int            argc,
              char         **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CltSegmentGroup) root = NULL;
  gboolean is_static = FALSE;
  gint64 id;
  GOptionEntry entries[] = {
    { "static", 0, 0, G_OPTION_ARG_NONE, &is_static, N_("Freeze the members it holds now"), NULL },
    G_OPTION_ENTRY_NULL
  };

  if (!parse_command_options (_("save NAME FILE"), entries, &argc, &argv))
    return EXIT_USAGE_ERROR;
  if (argc != 4)
    {
      g_printerr (_("Usage: clientele-cli segment save [--static] NAME FILE\n"));
      return EXIT_USAGE_ERROR;
    }

  if (!(root = read_definition (argv[3], &error)) ||
      !(id = clt_segment_store_save (workspace, argv[2], root,
                                     is_static ? CLT_SEGMENT_KIND_STATIC : CLT_SEGMENT_KIND_DYNAMIC,
                                     g_get_user_name (), &error)))
    {
      g_printerr ("clientele-cli: %s\n", error->message);
      return EXIT_USER_ERROR;
    }
  g_print (_("Saved segment %lld\n"), (long long) id);

  return EXIT_SUCCESS;
}

static int
segment_list (CltWorkspace  *workspace,
              int            argc,
              char         **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) segments = NULL;

  if (argc != 2)
    {
      g_printerr (_("Usage: clientele-cli segment list\n"));
      return EXIT_USAGE_ERROR;
    }
  if (!(segments = clt_segment_store_list (workspace, &error)))
    {
      g_printerr ("clientele-cli: %s\n", error->message);
      return EXIT_USER_ERROR;
    }

  for (guint i = 0; i < g_list_model_get_n_items (segments); i++)
    {
      g_autoptr(CltSegment) segment = g_list_model_get_item (segments, i);

      g_print ("%" G_GINT64_FORMAT "\t%s\t%" G_GINT64_FORMAT "\t%s\t%s\n", clt_segment_get_id (segment),
               clt_segment_get_kind (segment) == CLT_SEGMENT_KIND_STATIC ? _("static") : _("dynamic"),
               clt_segment_get_version (segment), clt_segment_get_updated_at (segment), clt_segment_get_name (segment));
    }

  return EXIT_SUCCESS;
}

static int
command_segment (CltWorkspace  *workspace,
                 int            argc,
                 char         **argv)
{
  if (argc >= 2 && g_str_equal (argv[1], "count"))
    return segment_count (workspace, argc, argv);
  if (argc >= 2 && g_str_equal (argv[1], "save"))
    return segment_save (workspace, argc, argv);
  if (argc >= 2 && g_str_equal (argv[1], "list"))
    return segment_list (workspace, argc, argv);

  g_printerr (_("Usage: clientele-cli segment count [--now DATE] [--sql] [--samples N] JSON_OR_FILE\n"
                "       clientele-cli segment save [--static] NAME FILE\n"
                "       clientele-cli segment list\n"));

  return EXIT_USAGE_ERROR;
}

/* ---- insights ---- */

static void
insights_progressed (double   fraction,
                     gpointer user_data)
{
  g_printerr ("\r");
  /* TRANSLATORS: progress of the computation, in per cent */
  g_printerr (_("Computing the insights: %3.0f %%"), fraction * 100);
}

static int
insights_compute (CltWorkspace  *workspace,
                  int            argc,
                  char         **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *now_text = NULL;
  gint64 started = g_get_monotonic_time ();
  GOptionEntry entries[] = {
    { "now", 0, 0, G_OPTION_ARG_STRING, &now_text, N_("Count recency back from DATE (YYYY-MM-DD) instead of today"), N_("DATE") },
    G_OPTION_ENTRY_NULL
  };

  if (!parse_command_options (_("compute"), entries, &argc, &argv))
    return EXIT_USAGE_ERROR;
  if (argc != 2)
    {
      g_printerr (_("Usage: clientele-cli insights compute [--now DATE]\n"));
      return EXIT_USAGE_ERROR;
    }
  if (now_text != NULL && !(now = parse_day (now_text)))
    return EXIT_USAGE_ERROR;

  if (!clt_insights_compute (workspace, now, insights_progressed, NULL, NULL, &error))
    {
      g_printerr ("\nclientele-cli: %s\n", error->message);
      return EXIT_USER_ERROR;
    }
  g_printerr ("\n");
  g_print (_("Computed the insights in %.1f s\n"), (g_get_monotonic_time () - started) / 1e6);

  return EXIT_SUCCESS;
}

static int
insights_rfm (CltWorkspace  *workspace,
              int            argc,
              char         **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) sizes = NULL;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    G_OPTION_ENTRY_NULL
  };

  if (!parse_command_options (_("rfm"), entries, &argc, &argv))
    return EXIT_USAGE_ERROR;
  if (argc != 2)
    {
      g_printerr (_("Usage: clientele-cli insights rfm [--json]\n"));
      return EXIT_USAGE_ERROR;
    }
  if (!(sizes = clt_insights_count_rfm_groups (workspace, &error)))
    {
      g_printerr ("clientele-cli: %s\n", error->message);
      return EXIT_USER_ERROR;
    }

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *text = NULL;

      json_builder_begin_object (builder);
      for (guint i = 0; i < sizes->len; i++)
        {
          const CltRfmGroupSize *size = &g_array_index (sizes, CltRfmGroupSize, i);

          json_builder_set_member_name (builder, size->group);
          json_builder_add_int_value (builder, size->profiles);
        }
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      text = json_to_string (root, TRUE);
      g_print ("%s\n", text);

      return EXIT_SUCCESS;
    }

  g_print (_("Customers per RFM group (computed):\n"));
  for (guint i = 0; i < sizes->len; i++)
    {
      const CltRfmGroupSize *size = &g_array_index (sizes, CltRfmGroupSize, i);

      g_print ("  %-24s %12lld\n", clt_insights_rfm_group_get_label (size->group), (long long) size->profiles);
    }

  return EXIT_SUCCESS;
}

static int
insights_rules (CltWorkspace  *workspace,
                int            argc,
                char         **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rules = NULL;
  int limit = 20;
  GOptionEntry entries[] = {
    { "limit", 0, 0, G_OPTION_ARG_INT, &limit, N_("Print at most N rules (default 20)"), N_("N") },
    G_OPTION_ENTRY_NULL
  };

  if (!parse_command_options (_("rules"), entries, &argc, &argv))
    return EXIT_USAGE_ERROR;
  if (argc != 2 || limit < 1)
    {
      g_printerr (_("Usage: clientele-cli insights rules [--limit N]\n"));
      return EXIT_USAGE_ERROR;
    }
  if (!(rules = clt_insights_list_rules (workspace, limit, &error)))
    {
      g_printerr ("clientele-cli: %s\n", error->message);
      return EXIT_USER_ERROR;
    }

  g_print (_("Products bought together (computed), highest lift first:\n"));
  for (guint i = 0; i < rules->len; i++)
    {
      const CltBasketRule *rule = g_ptr_array_index (rules, i);
      g_autofree char *antecedent = g_strjoinv (" + ", rule->antecedent);

      /* TRANSLATORS: a rule: products → product, then its support and confidence in per cent, and its lift */
      g_print (_("  %s → %s\tsupport %.1f %%\tconfidence %.0f %%\tlift %.2f\n"), antecedent, rule->consequent,
               rule->support * 100, rule->confidence * 100, rule->lift);
    }

  return EXIT_SUCCESS;
}

static int
insights_clv (CltWorkspace  *workspace,
              int            argc,
              char         **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) calibration_end = NULL;
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *end_text = NULL;
  g_autofree char *json = NULL;
  GOptionEntry entries[] = {
    { "calibration-end", 0, 0, G_OPTION_ARG_STRING, &end_text,
      N_("Fit on the purchases up to DATE (YYYY-MM-DD) instead of today"), N_("DATE") },
    G_OPTION_ENTRY_NULL
  };

  if (!parse_command_options ("clv", entries, &argc, &argv))
    return EXIT_USAGE_ERROR;
  if (argc != 2)
    {
      g_printerr (_("Usage: clientele-cli insights clv [--calibration-end DATE]\n"));
      return EXIT_USAGE_ERROR;
    }
  if (end_text != NULL && !(calibration_end = parse_day (end_text)))
    return EXIT_USAGE_ERROR;

  if (!_clt_insights_clv_compute (workspace, calibration_end, NULL, NULL, NULL, &result, &error))
    {
      g_printerr ("clientele-cli: %s\n", error->message);
      return EXIT_USER_ERROR;
    }

  node = json_node_init_object (json_node_alloc (), result);
  json = json_to_string (node, TRUE);
  g_print ("%s\n", json);

  return EXIT_SUCCESS;
}

static int
command_insights (CltWorkspace  *workspace,
                  int            argc,
                  char         **argv)
{
  const char *sub = argc >= 2 ? argv[1] : "";

  if (g_str_equal (sub, "compute"))
    return insights_compute (workspace, argc, argv);
  if (g_str_equal (sub, "rfm"))
    return insights_rfm (workspace, argc, argv);
  if (g_str_equal (sub, "rules"))
    return insights_rules (workspace, argc, argv);
  if (g_str_equal (sub, "clv"))
    return insights_clv (workspace, argc, argv);

  g_printerr (_("Usage: clientele-cli insights compute [--now DATE]\n"
                "       clientele-cli insights rfm [--json]\n"
                "       clientele-cli insights rules [--limit N]\n"
                "       clientele-cli insights clv [--calibration-end DATE]\n"));

  return EXIT_USAGE_ERROR;
}

/* ---- consent and governance ---- */

/* The profile an --email or --profile option names; 0 (with a message) when none. */
static gint64
person_of (CltConsentLedger *ledger,
           const char       *email,
           gint64            profile_id)
{
  g_autoptr(GError) error = NULL;
  gint64 id;

  if (email == NULL)
    return profile_id;

  if ((id = clt_consent_ledger_find_profile (ledger, email, &error)) < 0)
    g_printerr ("clientele-cli: %s\n", error->message);
  else if (id == 0)
    g_printerr (_("clientele-cli: no customer has the address %s\n"), email);

  return MAX (id, 0);
}

static void
print_status (CltConsentStatus *status)
{
  g_autoptr(GString) notes = g_string_new (NULL);

  if (clt_consent_status_get_weak_proof (status))
    g_string_append_printf (notes, " [%s]", _("weak proof: no double opt-in"));
  if (clt_consent_status_get_stale (status))
    g_string_append_printf (notes, " [%s]", _("stale"));
  if (clt_consent_status_get_bounced (status))
    g_string_append_printf (notes, " [%s]", _("bounced"));
  if (clt_consent_status_get_suppressed (status))
    g_string_append_printf (notes, " [%s]", _("suppressed"));
  if (clt_consent_status_get_regrant (status))
    g_string_append_printf (notes, " [%s]", _("given again after a withdrawal, without new proof"));

  g_print ("%s\t%s\t%s\t%s\t%s%s\n", clt_consent_status_get_identifier (status), clt_consent_status_get_purpose (status),
           clt_consent_status_get_channel (status), clt_consent_status_get_action (status),
           clt_consent_status_get_event_time (status), notes->str);
}

/* A date or date-time of the command line as an instant: a date alone is the end of that day
 * (UTC), so that "--at 2024-03-03" includes what happened on 3 March. */
static GDateTime *
parse_instant (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *iso = clt_value_parse_date (text, CLT_DATE_ORDER_DMY, &error);
  g_autofree char *full = NULL;

  if (iso == NULL)
    {
      g_printerr ("clientele-cli: %s\n", error->message);
      return NULL;
    }
  full = strlen (iso) == 10 ? g_strconcat (iso, "T23:59:59Z", NULL) : g_strdup (iso);

  return g_date_time_new_from_iso8601 (full, NULL);
}

/* The consent of a customer or an address as it stood at @at (T-17), with the restrictions
 * that held then. */
static int
consent_show_at (CltConsentLedger *ledger,
                 const char       *email,
                 gint64            profile_id,
                 GDateTime        *at,
                 gboolean          as_recorded)
{
  g_autoptr(GListModel) states = NULL;
  g_autoptr(GPtrArray) restrictions = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *when = g_date_time_format (at, "%Y-%m-%d %H:%M:%S UTC");

  if (profile_id == 0)
    states = clt_consent_ledger_list_identifier_states_at (ledger, "email", email, at, as_recorded, &error);
  else if ((states = clt_consent_ledger_list_states_at (ledger, profile_id, at, as_recorded, &error)))
    restrictions = clt_consent_ledger_list_restrictions_at (ledger, profile_id, at, &error);
  if (states == NULL || (profile_id != 0 && restrictions == NULL))
    {
      g_printerr ("clientele-cli: %s\n", error->message);
      return EXIT_USER_ERROR;
    }

  if (as_recorded)
    /* Translators: %s is a date and time */
    g_print (_("Consent at %s, as the ledger had recorded it by then:\n"), when);
  else
    /* Translators: %s is a date and time */
    g_print (_("Consent at %s:\n"), when);
  if (g_list_model_get_n_items (states) == 0)
    g_print (_("No consent recorded: unknown means no.\n"));
  for (guint i = 0; i < g_list_model_get_n_items (states); i++)
    {
      g_autoptr(CltConsentStatus) status = g_list_model_get_item (states, i);

      print_status (status);
    }
  for (guint i = 0; restrictions != NULL && i < restrictions->len; i++)
    {
      const CltRestriction *restriction = g_ptr_array_index (restrictions, i);

      if (restriction->kind == CLT_RESTRICTION_KIND_OBJECTION)
        /* Translators: %s is a purpose, or "all direct marketing" */
        g_print (_("Objection in force: %s\n"), restriction->purpose ? restriction->purpose : _("all direct marketing"));
      else
        /* Translators: %s is a purpose, or "all purposes" */
        g_print (_("Restriction in force: %s\n"), restriction->purpose ? restriction->purpose : _("all purposes"));
    }

  return EXIT_SUCCESS;
}

static int
consent_show (CltWorkspace  *workspace,
              int            argc,
              char         **argv)
{
  g_autoptr(CltConsentLedger) ledger = clt_consent_ledger_new (workspace);
  g_autoptr(GListModel) states = NULL;
  g_autoptr(GListModel) purposes = NULL;
  g_autoptr(GDateTime) at = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *email = NULL;
  g_autofree char *at_text = NULL;
  gboolean as_recorded = FALSE;
  gint64 profile_id = 0;
  GOptionEntry entries[] = {
    { "email", 0, 0, G_OPTION_ARG_STRING, &email, N_("The person's e-mail address"), N_("ADDRESS") },
    { "profile", 0, 0, G_OPTION_ARG_INT64, &profile_id, N_("The customer's id"), N_("ID") },
    { "at", 0, 0, G_OPTION_ARG_STRING, &at_text,
      N_("The consent as it stood at this time (a date alone: the end of that day)"), N_("DATE") },
    { "as-recorded", 0, 0, G_OPTION_ARG_NONE, &as_recorded,
      N_("With --at: only what the ledger had recorded by then"), NULL },
    G_OPTION_ENTRY_NULL
  };

  if (!parse_command_options (NULL, entries, &argc, &argv))
    return EXIT_USAGE_ERROR;
  if (argc != 1 || (email == NULL) == (profile_id == 0) || (as_recorded && at_text == NULL))
    {
      g_printerr (_("Usage: clientele-cli consent show (--email ADDRESS|--profile ID) [--at DATE [--as-recorded]]\n"));
      return EXIT_USAGE_ERROR;
    }
  if (at_text != NULL && !(at = parse_instant (at_text)))
    return EXIT_USAGE_ERROR;

  /* An address shows its own consent, also when no customer holds it any more. */
  if (email != NULL)
    profile_id = person_of (ledger, email, 0);
  if (at != NULL)
    return consent_show_at (ledger, email, profile_id, at, as_recorded);

  if (profile_id == 0)
    {
      if (!(states = clt_consent_ledger_list_identifier_states (ledger, "email", email, &error)))
        {
          g_printerr ("clientele-cli: %s\n", error->message);
          return EXIT_USER_ERROR;
        }
    }
  else if (!(states = clt_consent_ledger_list_states (ledger, profile_id, &error)))
    {
      g_printerr ("clientele-cli: %s\n", error->message);
      return EXIT_USER_ERROR;
    }

  if (g_list_model_get_n_items (states) == 0)
    g_print (_("No consent recorded: unknown means no.\n"));
  for (guint i = 0; i < g_list_model_get_n_items (states); i++)
    {
      g_autoptr(CltConsentStatus) status = g_list_model_get_item (states, i);

      print_status (status);
    }

  if (profile_id == 0)
    return EXIT_SUCCESS;

  /* What the customer may be used for, and why not. */
  if (!(purposes = clt_consent_ledger_list_purposes (ledger, &error)))
    {
      g_printerr ("clientele-cli: %s\n", error->message);
      return EXIT_USER_ERROR;
    }
  g_print (_("Customer %lld may be used for:\n"), (long long) profile_id);
  for (guint i = 0; i < g_list_model_get_n_items (purposes); i++)
    {
      g_autoptr(CltPurpose) purpose = g_list_model_get_item (purposes, i);
      g_autoptr(CltEligibility) result = NULL;
      const char *identifier = NULL;
      const char *basis = NULL;

      if (!(result = clt_consent_ledger_check (ledger, clt_purpose_get_key (purpose), &profile_id, 1, &error)))
        {
          g_printerr ("clientele-cli: %s\n", error->message);
          return EXIT_USER_ERROR;
        }
      if (clt_eligibility_contains (result, profile_id, &identifier, &basis))
        g_print ("  %s: %s (%s%s%s)\n", clt_purpose_get_label (purpose), _("yes"), basis,
                 identifier ? ", " : "", identifier ? identifier : "");
      else
        for (guint reason = 0; reason < CLT_N_EXCLUSIONS; reason++)
          if (clt_eligibility_get_n_excluded (result, reason) > 0)
            g_print ("  %s: %s (%s)\n", clt_purpose_get_label (purpose), _("no"), clt_exclusion_get_label (reason));
    }

  return EXIT_SUCCESS;
}

/* T-07: a form or notice version found wanting; no grant through it counts from now on. */
static int
consent_invalidate_notice (CltWorkspace  *workspace,
                           int            argc,
                           char         **argv)
{
  g_autoptr(CltConsentLedger) ledger = clt_consent_ledger_new (workspace);
  g_autoptr(GDateTime) since = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *since_text = NULL;
  g_autofree char *reason = NULL;
  gint64 n;
  GOptionEntry entries[] = {
    { "since", 0, 0, G_OPTION_ARG_STRING, &since_text,
      N_("From when the notice is invalid, for the consent at past times (default: now)"), N_("DATE") },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("Why, such as “pre-ticked box”"), N_("TEXT") },
    G_OPTION_ENTRY_NULL
  };

  if (!parse_command_options (NULL, entries, &argc, &argv))
    return EXIT_USAGE_ERROR;
  if (argc != 2)
    {
      g_printerr (_("Usage: clientele-cli consent invalidate-notice NOTICE [--since DATE] [--reason TEXT]\n"));
      return EXIT_USAGE_ERROR;
    }
  if (since_text != NULL && !(since = parse_instant (since_text)))
    return EXIT_USAGE_ERROR;

  if ((n = clt_consent_ledger_invalidate_notice (ledger, argv[1], since, reason, &error)) < 0)
    {
      g_printerr ("clientele-cli: %s\n", error->message);
      return EXIT_USER_ERROR;
    }

  /* Translators: %s is a form or notice version, %lld a number of consents */
  g_print (ngettext ("Invalidated the notice “%s”: %lld consent given through it no longer counts, nor will any "
                     "imported later\n",
                     "Invalidated the notice “%s”: %lld consents given through it no longer count, nor will any "
                     "imported later\n", n), argv[1], (long long) n);

  return EXIT_SUCCESS;
}

static int
command_consent (CltWorkspace  *workspace,
                 int            argc,
                 char         **argv)
{
  if (argc >= 2 && g_str_equal (argv[1], "show"))
    return consent_show (workspace, argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "invalidate-notice"))
    return consent_invalidate_notice (workspace, argc - 1, argv + 1);

  g_printerr (_("Usage: clientele-cli consent show (--email ADDRESS|--profile ID) [--at DATE [--as-recorded]]\n"
                "       clientele-cli consent invalidate-notice NOTICE [--since DATE] [--reason TEXT]\n"));

  return EXIT_USAGE_ERROR;
}

typedef struct
{
  gboolean  done;
  GError   *error;
} Written;

static void
access_written_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Written *written = user_data;

  clt_consent_ledger_write_access_finish (CLT_CONSENT_LEDGER (source), result, &written->error);
  written->done = TRUE;
}

static int
command_dsar (CltWorkspace  *workspace,
              int            argc,
              char         **argv)
{
  g_autoptr(CltConsentLedger) ledger = clt_consent_ledger_new (workspace);
  g_autoptr(GFile) folder = NULL;
  Written written = { FALSE, NULL };
  g_autofree char *email = NULL;
  g_autofree char *output = NULL;
  gint64 profile_id = 0;
  GOptionEntry entries[] = {
    { "email", 0, 0, G_OPTION_ARG_STRING, &email, N_("The person's e-mail address"), N_("ADDRESS") },
    { "profile", 0, 0, G_OPTION_ARG_INT64, &profile_id, N_("The customer's id"), N_("ID") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("The folder to write the report to"), N_("DIR") },
    G_OPTION_ENTRY_NULL
  };

  if (!parse_command_options (NULL, entries, &argc, &argv))
    return EXIT_USAGE_ERROR;
  if (argc != 2 || !g_str_equal (argv[1], "export") || (email == NULL) == (profile_id == 0) || output == NULL)
    {
      g_printerr (_("Usage: clientele-cli dsar export (--email ADDRESS|--profile ID) -o DIR\n"));
      return EXIT_USAGE_ERROR;
    }
  if ((profile_id = person_of (ledger, email, profile_id)) == 0)
    return EXIT_USER_ERROR;

  folder = g_file_new_for_commandline_arg (output);
  clt_consent_ledger_write_access_async (ledger, profile_id, folder, NULL, access_written_cb, &written);
  while (!written.done)
    g_main_context_iteration (NULL, TRUE);
  if (written.error != NULL)
    {
      g_printerr ("clientele-cli: %s\n", written.error->message);
      g_error_free (written.error);
      return EXIT_USER_ERROR;
    }

  /* Translators: %lld is a customer id, %s a folder */
  g_print (_("Wrote the access report of customer %lld to %s (JSON and HTML)\n"), (long long) profile_id, output);

  return EXIT_SUCCESS;
}

static int
command_erase (CltWorkspace  *workspace,
               int            argc,
               char         **argv)
{
  g_autoptr(CltConsentLedger) ledger = clt_consent_ledger_new (workspace);
  g_autoptr(GError) error = NULL;
  g_autofree char *email = NULL;
  gint64 profile_id = 0;
  gboolean yes = FALSE;
  GOptionEntry entries[] = {
    { "email", 0, 0, G_OPTION_ARG_STRING, &email, N_("The person's e-mail address"), N_("ADDRESS") },
    { "profile", 0, 0, G_OPTION_ARG_INT64, &profile_id, N_("The customer's id"), N_("ID") },
    { "yes", 0, 0, G_OPTION_ARG_NONE, &yes, N_("Erase without asking: this cannot be undone"), NULL },
    G_OPTION_ENTRY_NULL
  };

  if (!parse_command_options (NULL, entries, &argc, &argv))
    return EXIT_USAGE_ERROR;
  if (argc != 1 || (email == NULL) == (profile_id == 0) || !yes)
    {
      g_printerr (_("Usage: clientele-cli erase (--email ADDRESS|--profile ID) --yes\n"
                    "Erasure cannot be undone: --yes confirms it.\n"));
      return EXIT_USAGE_ERROR;
    }
  if ((profile_id = person_of (ledger, email, profile_id)) == 0)
    return EXIT_USER_ERROR;

  if (!clt_consent_ledger_erase (ledger, profile_id, &error))
    {
      g_printerr ("clientele-cli: %s\n", error->message);
      return EXIT_USER_ERROR;
    }

  g_print (_("Erased customer %lld; their addresses are on the suppression list\n"), (long long) profile_id);

  return EXIT_SUCCESS;
}

static int
command_audit (CltWorkspace  *workspace,
               int            argc,
               char         **argv)
{
  g_autoptr(GError) error = NULL;
  gint64 n_checked = 0;
  gint64 bad;

  if (argc != 2 || !g_str_equal (argv[1], "verify"))
    {
      g_printerr (_("Usage: clientele-cli audit verify\n"));
      return EXIT_USAGE_ERROR;
    }

  if ((bad = clt_workspace_verify_audit (workspace, &n_checked, &error)) < 0)
    {
      g_printerr ("clientele-cli: %s\n", error->message);
      return EXIT_USER_ERROR;
    }
  if (bad > 0)
    {
      /* Translators: %lld is the number of an audit log entry */
      g_printerr (_("The audit log was changed: entry %lld does not match its hash chain (%lld entries before it verify)\n"),
                  (long long) bad, (long long) n_checked);
      return EXIT_USER_ERROR;
    }

  g_print (ngettext ("The audit log is intact: %lld entry verifies\n",
                     "The audit log is intact: %lld entries verify\n", n_checked),
           (long long) n_checked);

  return EXIT_SUCCESS;
}

static const char *
category_label (const char *category)
{
  if (g_strcmp0 (category, "profile") == 0)
    return _("all their data");
  if (g_strcmp0 (category, "purchases") == 0)
    return _("purchases");
  if (g_strcmp0 (category, "loyalty") == 0)
    return _("loyalty receipts");
  if (g_strcmp0 (category, "newsletter") == 0)
    return _("newsletter activity");

  return category;
}

/* One deletion due, with the rule that made it due. */
static void
print_due (const CltRetentionDue *due)
{
  g_autofree char *since = g_strndup (due->since ? due->since : "", 10);

  /* Translators: "customer 12: newsletter activity — E-mail marketing: consent withdrawn or no longer valid
   * (since 2024-05-10)"; the last %s says whether it is approved */
  g_print (_("customer %lld: %s — %s: %s (since %s)%s\n"), (long long) due->profile_id, category_label (due->category),
           due->purpose_label ? due->purpose_label : due->purpose ? due->purpose : _("no purpose"),
           clt_retention_reason_get_label (due->reason), since,
           due->approved_at ? _(" [approved]") : _(" [awaits approval]"));
}

static int
command_retention (CltWorkspace  *workspace,
                   int            argc,
                   char         **argv)
{
  g_autoptr(CltConsentLedger) ledger = clt_consent_ledger_new (workspace);
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  gboolean dry_run = FALSE;
  gint64 found, n;
  gint64 pending = 0;
  GOptionEntry options[] = {
    { "dry-run", 0, 0, G_OPTION_ARG_NONE, &dry_run, N_("List and count what would be deleted; change nothing"), NULL },
    G_OPTION_ENTRY_NULL
  };

  if (!parse_command_options (NULL, options, &argc, &argv))
    return EXIT_USAGE_ERROR;
  if (argc == 2 && g_str_equal (argv[1], "approve") && !dry_run)
    {
      if ((n = clt_consent_ledger_approve_due (ledger, &error)) < 0)
        {
          g_printerr ("clientele-cli: %s\n", error->message);
          return EXIT_USER_ERROR;
        }
      g_print (ngettext ("Approved %lld deletion\n", "Approved %lld deletions\n", n), (long long) n);
      return EXIT_SUCCESS;
    }
  if (argc == 2 && g_str_equal (argv[1], "list") && !dry_run)
    {
      if (clt_consent_ledger_find_due (ledger, NULL, &error) < 0 ||
          !(entries = clt_consent_ledger_list_due (ledger, G_MAXUINT, &error)))
        {
          g_printerr ("clientele-cli: %s\n", error->message);
          return EXIT_USER_ERROR;
        }
      if (entries->len == 0)
        g_print (_("Nothing is due for deletion under the retention rules\n"));
      for (guint i = 0; i < entries->len; i++)
        print_due (g_ptr_array_index (entries, i));
      return EXIT_SUCCESS;
    }
  if (argc != 2 || !g_str_equal (argv[1], "run"))
    {
      g_printerr (_("Usage: clientele-cli retention list\n"
                    "       clientele-cli retention approve\n"
                    "       clientele-cli retention run [--dry-run]\n"));
      return EXIT_USAGE_ERROR;
    }

  /* A dry run works the list out and counts, without storing anything. */
  if (dry_run)
    {
      if (!(entries = clt_consent_ledger_preview_due (ledger, NULL, &error)) ||
          (n = clt_consent_ledger_purge (ledger, TRUE, &error)) < 0)
        {
          g_printerr ("clientele-cli: %s\n", error->message);
          return EXIT_USER_ERROR;
        }
      for (guint i = 0; i < entries->len; i++)
        print_due (g_ptr_array_index (entries, i));
      g_print (ngettext ("%lld deletion due; ", "%lld deletions due; ", entries->len), (long long) entries->len);
      g_print (ngettext ("%lld approved deletion would run — dry run, nothing deleted\n",
                         "%lld approved deletions would run — dry run, nothing deleted\n", n), (long long) n);
      return EXIT_SUCCESS;
    }

  if ((found = clt_consent_ledger_find_due (ledger, NULL, &error)) < 0 ||
      (n = clt_consent_ledger_purge (ledger, FALSE, &error)) < 0 ||
      !clt_consent_ledger_count_due (ledger, &pending, NULL, &error))
    {
      g_printerr ("clientele-cli: %s\n", error->message);
      return EXIT_USER_ERROR;
    }

  g_print (ngettext ("%lld new deletion due; ", "%lld new deletions due; ", found), (long long) found);
  g_print (ngettext ("%lld approved deletion ran; ", "%lld approved deletions ran; ", n), (long long) n);
  g_print (ngettext ("%lld awaits approval\n", "%lld await approval\n", pending), (long long) pending);

  return EXIT_SUCCESS;
}

static int
command_register (CltWorkspace  *workspace,
                  int            argc,
                  char         **argv)
{
  g_autoptr(CltConsentLedger) ledger = clt_consent_ledger_new (workspace);
  g_autoptr(GError) error = NULL;
  g_autofree char *output = NULL;
  g_autofree char *html = NULL;
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("The HTML file to write"), N_("FILE") },
    G_OPTION_ENTRY_NULL
  };

  if (!parse_command_options (NULL, entries, &argc, &argv))
    return EXIT_USAGE_ERROR;
  if (argc != 2 || !g_str_equal (argv[1], "export") || output == NULL)
    {
      g_printerr (_("Usage: clientele-cli register export -o FILE\n"));
      return EXIT_USAGE_ERROR;
    }

  if (!(html = clt_consent_ledger_dup_register_html (ledger, &error)) ||
      !g_file_set_contents (output, html, -1, &error))
    {
      g_printerr ("clientele-cli: %s\n", error->message);
      return EXIT_USER_ERROR;
    }
  g_print (_("Wrote the records of processing to %s\n"), output);

  return EXIT_SUCCESS;
}

static int
command_export (CltWorkspace  *workspace,
                int            argc,
                char         **argv)
{
  g_autoptr(CltExporter) exporter = clt_exporter_new (clt_workspace_get_path (workspace));
  g_autoptr(CltEligibility) eligibility = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *purpose = NULL;
  g_autofree char *format_name = NULL;
  g_autofree char *columns = NULL;
  g_autofree char *output = NULL;
  g_auto(GStrv) column_list = NULL;
  gboolean all = FALSE;
  CltExportFormat format = CLT_EXPORT_FORMAT_CSV;
  gint64 export_id = 0;
  GOptionEntry entries[] = {
    { "all", 0, 0, G_OPTION_ARG_NONE, &all, N_("Export every profile of the workspace"), NULL },
    { "purpose", 'p', 0, G_OPTION_ARG_STRING, &purpose, N_("What the export is for, such as email_marketing"), N_("PURPOSE") },
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format_name, N_("mailchimp, brevo, cleverreach, csv or vcard"), N_("FORMAT") },
    { "columns", 'c', 0, G_OPTION_ARG_STRING, &columns, N_("For csv: the columns, separated by commas"), N_("COLUMNS") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("The file to write"), N_("FILE") },
    G_OPTION_ENTRY_NULL
  };

  if (!parse_command_options (NULL, entries, &argc, &argv))
    return EXIT_USAGE_ERROR;
  if ((all ? argc != 1 : argc != 2) || purpose == NULL || output == NULL ||
      (format_name && !clt_export_format_from_string (format_name, &format)))
    {
      g_printerr (_("Usage: clientele-cli export (SEGMENT|--all) --purpose PURPOSE [--format FORMAT] -o FILE\n"));
      return EXIT_USAGE_ERROR;
    }

  if (!all)
    {
      gint64 id = clt_segment_store_find (workspace, argv[1]);
      char *end = NULL;

      if (id <= 0)
        id = g_ascii_strtoll (argv[1], &end, 10), id = end && *end == '\0' ? id : 0;
      if (id <= 0)
        {
          g_printerr (_("clientele-cli: there is no segment “%s”\n"), argv[1]);
          return EXIT_USER_ERROR;
        }
      clt_exporter_set_segment (exporter, id);
    }
  if (columns)
    column_list = g_strsplit (columns, ",", -1);
  clt_exporter_set_purpose (exporter, purpose);
  clt_exporter_set_format (exporter, format);
  clt_exporter_set_columns (exporter, (const char * const *) column_list);
  clt_exporter_set_actor (exporter, clt_workspace_get_actor (workspace));

  file = g_file_new_for_commandline_arg (output);
  if (!(eligibility = clt_exporter_run (exporter, file, &export_id, NULL, &error)))
    {
      g_printerr ("clientele-cli: %s\n", error->message);
      return EXIT_USER_ERROR;
    }

  g_print (ngettext ("Exported %lld profile to %s", "Exported %lld profiles to %s",
                     clt_eligibility_get_n_eligible (eligibility)),
           (long long) clt_eligibility_get_n_eligible (eligibility), output);
  g_print (ngettext ("; %lld excluded\n", "; %lld excluded\n", clt_eligibility_get_n_excluded_total (eligibility)),
           (long long) clt_eligibility_get_n_excluded_total (eligibility));
  for (CltExclusion reason = 0; reason < CLT_N_EXCLUSIONS; reason++)
    if (clt_eligibility_get_n_excluded (eligibility, reason) > 0)
      g_print ("  %s: %lld\n", clt_exclusion_get_label (reason),
               (long long) clt_eligibility_get_n_excluded (eligibility, reason));

  return EXIT_SUCCESS;
}

static const Command commands[] = {
  { "info", N_("Show the schema version and the rows in each table"), command_info },
  { "import", N_("Import exports (CSV) into the workspace"), command_import },
  { "imports", N_("List the imports: id, time, state, source, file, new/updated/rejected"), command_imports },
  { "undo-import", N_("Undo an import"), command_undo_import },
  { "resolve", N_("Link the records of each person into one profile"), command_resolve },
  { "links", N_("Write which profile each imported row belongs to, as CSV"), command_links },
  { "explain", N_("Why a row is in its profile, or how two rows compare, field by field (FILE:ROW [FILE:ROW])"), command_explain },
  { "search", N_("Find profiles by the start of their names, e-mail addresses, phone numbers, cities or ids"), command_search },
  { "segment", N_("Count a segment and each of its conditions (count JSON_OR_FILE), save one (save NAME FILE) or list them (list)"), command_segment },
  { "insights", N_("Compute all insights (compute), print the customers per RFM group (rfm) or the products bought together (rules), or fit lifetime value and churn risk and print the models as JSON (clv [--calibration-end DATE])"), command_insights },
  { "export", N_("Export a segment or everyone for a purpose, only those who may be contacted for it (SEGMENT|--all --purpose PURPOSE --format FORMAT -o FILE)"), command_export },
  { "consent", N_("Show the consent of a customer or an address, now or at a past time, and what they may be used for (show --email ADDRESS|--profile ID [--at DATE]), or invalidate a notice (invalidate-notice NOTICE)"), command_consent },
  { "dsar", N_("Write a person's access report as JSON and HTML (export --email ADDRESS|--profile ID -o DIR)"), command_dsar },
  { "erase", N_("Erase a person and put their addresses on the suppression list (--email ADDRESS|--profile ID --yes)"), command_erase },
  { "audit", N_("Check the audit log's hash chain (verify)"), command_audit },
  { "retention", N_("List the deletions the purposes' retention rules make due (list), approve them (approve), run them (run [--dry-run])"), command_retention },
  { "register", N_("Write the records of processing (Art. 30) as HTML (export -o FILE)"), command_register },
  { "demo", N_("Write the exports of an invented business into a folder, or a large workspace (--large)"), command_demo, TRUE },
};

static char *
describe_commands (void)
{
  GString *text = g_string_new (_("Commands:"));

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    g_string_append_printf (text, "\n  %-10s %s", commands[i].name, _(commands[i].summary));

  return g_string_free (text, FALSE);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CltWorkspace) workspace = NULL;
  g_autofree char *workspace_path = NULL;
  g_autofree char *actor = NULL;
  g_autofree char *commands_text = NULL;
  gboolean version = FALSE;
  const GOptionEntry entries[] = {
    { "workspace", 'w', 0, G_OPTION_ARG_FILENAME, &workspace_path,
      N_("The workspace file (default: the one Clientele opens)"), N_("PATH") },
    { "actor", 0, 0, G_OPTION_ARG_STRING, &actor,
      N_("Who the audit log records for this command's changes (default: the login name)"), N_("NAME") },
    { "version", 0, 0, G_OPTION_ARG_NONE, &version, N_("Print the version and exit"), NULL },
    G_OPTION_ENTRY_NULL
  };

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  context = g_option_context_new (_("COMMAND [ARG…]"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  /* Options after the command belong to the command. */
  g_option_context_set_strict_posix (context, TRUE);
  commands_text = describe_commands ();
  g_option_context_set_description (context, commands_text);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("clientele-cli: %s\n", error->message);
      return EXIT_USAGE_ERROR;
    }

  if (version)
    {
      g_print ("clientele-cli %s\n", PACKAGE_VERSION);
      return EXIT_SUCCESS;
    }

  if (argc < 2)
    {
      g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);

      g_printerr ("%s", help);
      return EXIT_USAGE_ERROR;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (!g_str_equal (argv[1], commands[i].name))
        continue;

      if (commands[i].no_workspace)
        return commands[i].func (NULL, argc - 1, argv + 1);

      if (workspace_path == NULL)
        workspace_path = clt_workspace_dup_default_path ();

      if (!(workspace = clt_workspace_open (workspace_path, &error)))
        {
          g_printerr ("clientele-cli: %s\n", error->message);
          return EXIT_USER_ERROR;
        }
      clt_workspace_set_actor (workspace, actor);

      return commands[i].func (workspace, argc - 1, argv + 1);
    }

  g_printerr (_("clientele-cli: unknown command “%s”; see clientele-cli --help\n"), argv[1]);

  return EXIT_USAGE_ERROR;
}
