/* test-csv.c: the CSV reader on every dialect, encoding and kind of broken file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "clt-core.h"

static CltCsvReader *
reader_for (const char  *data,
            gssize       len,
            GError     **error)
{
  g_autoptr(GInputStream) stream = NULL;

  if (len < 0)
    len = strlen (data);
  stream = g_memory_input_stream_new_from_data (g_memdup2 (data, len), len, g_free);

  return clt_csv_reader_new (stream, error);
}

/* Reads every row as "a|b|c" lines; bad rows as "!LINE". */
static char *
read_all (CltCsvReader *reader)
{
  GString *out = g_string_new (NULL);

  for (;;)
    {
      g_autoptr(GError) error = NULL;
      CltRowStatus status = clt_csv_reader_next (reader, &error);

      if (status == CLT_ROW_END)
        break;
      g_assert_cmpint (status, !=, CLT_ROW_ERROR);
      if (status == CLT_ROW_BAD)
        {
          g_assert_nonnull (error);
          g_string_append_printf (out, "!%" G_GUINT64_FORMAT "\n", clt_csv_reader_get_line (reader));
          continue;
        }

      for (guint i = 0; i < clt_csv_reader_get_n_columns (reader); i++)
        g_string_append_printf (out, "%s%s", i ? "|" : "", clt_csv_reader_get_field (reader, i));
      g_string_append_c (out, '\n');
    }

  return g_string_free (out, FALSE);
}

static void
check (const char *data,
       gssize      len,
       const char *header,
       const char *rows,
       char        delimiter,
       const char *encoding)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CltCsvReader) reader = reader_for (data, len, &error);
  g_autofree char *joined = NULL;
  g_autofree char *all = NULL;

  g_assert_no_error (error);
  joined = g_strjoinv ("|", (char **) clt_csv_reader_get_header (reader));
  g_assert_cmpstr (joined, ==, header);
  g_assert_cmpint (clt_csv_reader_get_delimiter (reader), ==, delimiter);
  g_assert_cmpstr (clt_csv_reader_get_encoding (reader), ==, encoding);
  all = read_all (reader);
  g_assert_cmpstr (all, ==, rows);
}

static void
test_rfc4180 (void)
{
  check ("name,email\r\n\"Müller, Anna\",anna@example.com\r\n\"Say \"\"hi\"\"\",x@example.com\r\n",
         -1, "name|email", "Müller, Anna|anna@example.com\nSay \"hi\"|x@example.com\n", ',', "UTF-8");
}

static void
test_newline_in_quotes (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CltCsvReader) reader = reader_for ("a;b\n\"line one\nline two\";2\nlast;3\n", -1, &error);

  g_assert_no_error (error);
  g_assert_cmpint (clt_csv_reader_next (reader, &error), ==, CLT_ROW_READ);
  g_assert_cmpstr (clt_csv_reader_get_field (reader, 0), ==, "line one\nline two");
  g_assert_cmpint (clt_csv_reader_get_line (reader), ==, 2);
  g_assert_cmpint (clt_csv_reader_next (reader, &error), ==, CLT_ROW_READ);
  g_assert_cmpstr (clt_csv_reader_get_field (reader, 0), ==, "last");
  g_assert_cmpint (clt_csv_reader_get_line (reader), ==, 4);
  g_assert_cmpint (clt_csv_reader_next (reader, &error), ==, CLT_ROW_END);
}

static void
test_line_ends (void)
{
  check ("a,b\rx,1\ry,2", -1, "a|b", "x|1\ny|2\n", ',', "UTF-8");
  check ("a,b\nx,1\n\n\ny,2\n", -1, "a|b", "x|1\ny|2\n", ',', "UTF-8");
  check ("\xef\xbb\xbf" "a,b\r\nx,1\r\n", -1, "a|b", "x|1\n", ',', "UTF-8");
}

static void
test_delimiters (void)
{
  check ("Vorname;Nachname;Betrag\nAnna;Müller;1.234,56\n", -1,
         "Vorname|Nachname|Betrag", "Anna|Müller|1.234,56\n", ';', "UTF-8");
  check ("a\tb\tc\n1\t2,5\t3\n", -1, "a|b|c", "1|2,5|3\n", '\t', "UTF-8");
  check ("a|b\n1|2\n", -1, "a|b", "1|2\n", '|', "UTF-8");
  /* Semicolons delimit even where the values are full of commas. */
  check ("Name;Notiz\nAnna;kauft Espresso, Milch, Zucker\nBen;a,b,c,d\n", -1,
         "Name|Notiz", "Anna|kauft Espresso, Milch, Zucker\nBen|a,b,c,d\n", ';', "UTF-8");
  check ("email\nanna@example.com\n", -1, "email", "anna@example.com\n", ',', "UTF-8");
}

static void
test_windows_1252 (void)
{
  /* "Müller;Straße;5 €" as German Excel saves it. */
  check ("Name;Stra\xdf" "e;Betrag\nM\xfcller;Hauptstra\xdf" "e 1;5 \x80\n", -1,
         "Name|Straße|Betrag", "Müller|Hauptstraße 1|5 €\n", ';', "WINDOWS-1252");
}

static void
test_utf16 (void)
{
  const char *text = "Name\tE-Mail\nJürgen\tj@example.com\n";
  glong n_units;
  g_autofree gunichar2 *utf16 = g_utf8_to_utf16 (text, -1, NULL, &n_units, NULL);
  g_autofree guint8 *data = g_malloc (2 + n_units * 2);

  /* Excel's "Unicode text": UTF-16LE with a BOM, tab-separated. */
  data[0] = 0xff;
  data[1] = 0xfe;
  for (glong i = 0; i < n_units; i++)
    {
      data[2 + 2 * i] = GUINT16_TO_LE (utf16[i]) & 0xff;
      data[3 + 2 * i] = GUINT16_TO_LE (utf16[i]) >> 8;
    }

  check ((const char *) data, 2 + n_units * 2, "Name|E-Mail", "Jürgen|j@example.com\n", '\t', "UTF-16LE");
}

static void
test_header_names (void)
{
  check ("Email,,Email,\nA,B,C,D\n", -1, "Email|Column 2|Email (2)|Column 4", "A|B|C|D\n", ',', "UTF-8");
}

static void
test_ragged (void)
{
  /* Short rows are padded; long rows are fine while the extra fields are empty. */
  check ("a,b,c\n1\n1,2,3,,\n1,2,3,4\n5,6,7\n", -1, "a|b|c", "1||\n1|2|3\n!4\n5|6|7\n", ',', "UTF-8");
}

static void
test_bad_files (void)
{
  struct { const char *data; gssize len; int code; } cases[] = {
    { "", 0, CLT_IMPORT_ERROR_EMPTY },
    { "\n\n\r\n", -1, CLT_IMPORT_ERROR_EMPTY },
    { "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10", sizeof "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10" - 1,
      CLT_IMPORT_ERROR_BINARY },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(CltCsvReader) reader = reader_for (cases[i].data, cases[i].len, &error);

      g_assert_null (reader);
      g_assert_error (error, CLT_IMPORT_ERROR, cases[i].code);
    }
}

static void
test_header_only (void)
{
  check ("First Name,Last Name,Email\n", -1, "First Name|Last Name|Email", "", ',', "UTF-8");
}

static void
test_bad_rows (void)
{
  /* Invalid UTF-8 in one row of a UTF-8 file: that row is rejected with its line, the rest read. */
  check ("name,city\nJürgen,München\nbad \xff\xfe,x\nZoë,Köln\n", -1,
         "name|city", "Jürgen|München\n!3\nZoë|Köln\n", ',', "UTF-8");
  /* A NUL byte after the sniffed part of the file. */
  {
    g_autoptr(GString) data = g_string_new ("a,b\n");
    g_autoptr(GString) rows = g_string_new (NULL);

    for (guint i = 0; i < 7000; i++)
      {
        g_string_append (data, "1234567890,abcdefghi\n");
        g_string_append (rows, "1234567890|abcdefghi\n");
      }
    g_string_append_len (data, "x\0y,2\nlast,3\n", 13);
    g_string_append (rows, "!7002\nlast|3\n");
    check (data->str, data->len, "a|b", rows->str, ',', "UTF-8");
  }
}

static void
test_unterminated_quote (void)
{
  check ("a,b\n1,2\n3,\"never closed\n", -1, "a|b", "1|2\n!3\n", ',', "UTF-8");
}

static void
test_huge_field_and_many_columns (void)
{
  g_autoptr(GString) data = g_string_new ("note,n\n\"");
  g_autoptr(GString) wide = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CltCsvReader) reader = NULL;

  for (guint i = 0; i < 1024 * 1024; i++)
    g_string_append_c (data, 'a' + i % 26);
  g_string_append (data, "\",1\n");
  reader = reader_for (data->str, data->len, &error);
  g_assert_no_error (error);
  g_assert_cmpint (clt_csv_reader_next (reader, &error), ==, CLT_ROW_READ);
  g_assert_cmpuint (strlen (clt_csv_reader_get_field (reader, 0)), ==, 1024 * 1024);
  g_assert_cmpstr (clt_csv_reader_get_field (reader, 1), ==, "1");
  g_clear_object (&reader);

  for (guint row = 0; row < 2; row++)
    {
      for (guint i = 0; i < 10000; i++)
        g_string_append_printf (wide, "%sc%u", i ? "," : "", i);
      g_string_append_c (wide, '\n');
    }
  reader = reader_for (wide->str, wide->len, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (clt_csv_reader_get_n_columns (reader), ==, 10000);
  g_assert_cmpint (clt_csv_reader_next (reader, &error), ==, CLT_ROW_READ);
  g_assert_cmpstr (clt_csv_reader_get_field (reader, 9999), ==, "c9999");
}

static void
test_buffer_boundaries (void)
{
  g_autoptr(GString) data = g_string_new ("id;text\r\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(CltCsvReader) reader = NULL;
  guint n = 0;

  /* Rows of varied length so CRLFs and doubled quotes fall across buffer ends. */
  for (guint i = 0; i < 20000; i++)
    g_string_append_printf (data, "%u;\"q\"\"%.*s\"\r\n", i, (int) (i % 13), "xxxxxxxxxxxxx");

  reader = reader_for (data->str, data->len, &error);
  g_assert_no_error (error);
  while (clt_csv_reader_next (reader, &error) == CLT_ROW_READ)
    {
      g_autofree char *id = g_strdup_printf ("%u", n);

      g_assert_cmpstr (clt_csv_reader_get_field (reader, 0), ==, id);
      g_assert_cmpuint (strlen (clt_csv_reader_get_field (reader, 1)), ==, 2 + n % 13);
      g_assert_cmpint (clt_csv_reader_get_line (reader), ==, n + 2);
      n++;
    }
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 20000);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/csv/rfc4180", test_rfc4180);
  g_test_add_func ("/csv/newline-in-quotes", test_newline_in_quotes);
  g_test_add_func ("/csv/line-ends", test_line_ends);
  g_test_add_func ("/csv/delimiters", test_delimiters);
  g_test_add_func ("/csv/windows-1252", test_windows_1252);
  g_test_add_func ("/csv/utf16", test_utf16);
  g_test_add_func ("/csv/header-names", test_header_names);
  g_test_add_func ("/csv/ragged", test_ragged);
  g_test_add_func ("/csv/bad-files", test_bad_files);
  g_test_add_func ("/csv/header-only", test_header_only);
  g_test_add_func ("/csv/bad-rows", test_bad_rows);
  g_test_add_func ("/csv/unterminated-quote", test_unterminated_quote);
  g_test_add_func ("/csv/huge-field-and-many-columns", test_huge_field_and_many_columns);
  g_test_add_func ("/csv/buffer-boundaries", test_buffer_boundaries);

  return g_test_run ();
}
