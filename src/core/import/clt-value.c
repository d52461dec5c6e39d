/* clt-value.c: dates, amounts, yes/no, e-mails, phones, countries and postcodes as
 * exports write them, German and international
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "clt-value"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "clt-import-error.h"
#include "clt-value.h"

#define set_invalid(error, format, text) \
  g_set_error (error, CLT_IMPORT_ERROR, CLT_IMPORT_ERROR_BAD_ROW, format, text)

static gboolean
read_number (const char **p,
             guint        min_digits,
             guint        max_digits,
             int         *out)
{
  guint n = 0;
  int value = 0;

  while (n < max_digits && g_ascii_isdigit ((*p)[n]))
    {
      value = value * 10 + ((*p)[n] - '0');
      n++;
    }
  if (n < min_digits)
    return FALSE;

  *p += n;
  *out = value;

  return TRUE;
}

static int
expand_year (int   year,
             guint digits)
{
  g_autoptr(GDateTime) now = NULL;

  if (digits > 2)
    return year;

  /* Two-digit years: up to ten years ahead of now are this century. */
  now = g_date_time_new_now_utc ();

  return year <= (g_date_time_get_year (now) % 100) + 10 ? 2000 + year : 1900 + year;
}

/* Reads an optional time and zone after a date; *offset_minutes is G_MININT when none was given. */
static gboolean
read_time (const char **p,
           int         *hour,
           int         *minute,
           int         *second,
           int         *offset_minutes)
{
  const char *s = *p;

  *hour = *minute = *second = 0;
  *offset_minutes = G_MININT;

  if (*s == '\0')
    return TRUE;
  if (*s != 'T' && *s != ' ')
    return FALSE;
  s++;
  while (*s == ' ')
    s++;

  if (!read_number (&s, 1, 2, hour) || *s != ':' || (s++, !read_number (&s, 2, 2, minute)))
    return FALSE;
  if (*s == ':')
    {
      s++;
      if (!read_number (&s, 2, 2, second))
        return FALSE;
      if (*s == '.' || *s == ',')
        {
          s++;
          while (g_ascii_isdigit (*s))
            s++;
        }
    }

  while (*s == ' ')
    s++;

  /* 12-hour times, as US exports write them: 3/1/2024 9:05 PM. */
  if ((g_ascii_toupper (s[0]) == 'A' || g_ascii_toupper (s[0]) == 'P') && g_ascii_toupper (s[1]) == 'M')
    {
      if (*hour < 1 || *hour > 12)
        return FALSE;
      *hour = (*hour % 12) + (g_ascii_toupper (s[0]) == 'P' ? 12 : 0);
      s += 2;
      while (*s == ' ')
        s++;
    }

  if (*s == 'Z' || g_ascii_strncasecmp (s, "UTC", 3) == 0 || g_ascii_strncasecmp (s, "GMT", 3) == 0)
    {
      *offset_minutes = 0;
      s += *s == 'Z' ? 1 : 3;
    }
  if (*s == '+' || *s == '-')
    {
      int sign = *s == '-' ? -1 : 1;
      int oh, om = 0;

      s++;
      if (!read_number (&s, 2, 2, &oh))
        return FALSE;
      if (*s == ':')
        s++;
      if (g_ascii_isdigit (*s) && !read_number (&s, 2, 2, &om))
        return FALSE;
      *offset_minutes = sign * (oh * 60 + om);
    }

  while (*s == ' ')
    s++;
  if (*s != '\0')
    return FALSE;

  *p = s;

  return *hour < 24 && *minute < 60 && *second < 61;
}

/* An ISO 8601 date, with the time in UTC when @hour is not negative; written by hand, as
 * an import formats millions of them and printf is a large part of that. */
static char *
format_iso_date (int year,
                 int month,
                 int day,
                 int hour,
                 int minute,
                 int second)
{
  char *out = g_malloc (21);
  char *p = out;

#define DIGITS2(n) G_STMT_START { *p++ = (char) ('0' + (n) / 10 % 10); *p++ = (char) ('0' + (n) % 10); } G_STMT_END
  DIGITS2 (year / 100);
  DIGITS2 (year % 100);
  *p++ = '-';
  DIGITS2 (month);
  *p++ = '-';
  DIGITS2 (day);
  if (hour >= 0)
    {
      *p++ = 'T';
      DIGITS2 (hour);
      *p++ = ':';
      DIGITS2 (minute);
      *p++ = ':';
      DIGITS2 (second);
      *p++ = 'Z';
    }
#undef DIGITS2
  *p = '\0';

  return out;
}

/**
 * clt_value_parse_date:
 * @text: a date or date-time: 2024-12-31, 31.12.2024, 31/12/2024 (12/31/2024 with
 *   %CLT_DATE_ORDER_MDY), each with an optional time and zone
 *
 * Returns: (transfer full) (nullable): "YYYY-MM-DD" for a date, "YYYY-MM-DDTHH:MM:SSZ" in UTC
 *   for a date-time (a time without a zone is taken as UTC), or %NULL with @error set
 */
char *
clt_value_parse_date (const char    *text,
                      CltDateOrder   order,
                      GError       **error)
{
  g_autofree char *copy = g_strstrip (g_strdup (text));
  const char *p = copy;
  int year, month, day, hour, minute, second, offset;
  gboolean has_time;

  g_return_val_if_fail (text != NULL, NULL);

  if (strlen (copy) >= 10 && g_ascii_isdigit (copy[0]) && copy[4] == '-')
    {
      if (!read_number (&p, 4, 4, &year) || *p++ != '-' || !read_number (&p, 1, 2, &month) ||
          *p++ != '-' || !read_number (&p, 1, 2, &day))
        goto invalid;
    }
  else
    {
      const char *start = p;
      int a, b;
      char sep;
      guint year_digits;

      if (!read_number (&p, 1, 2, &a) || (*p != '.' && *p != '/' && *p != '-'))
        goto invalid;
      sep = *p++;
      if (!read_number (&p, 1, 2, &b) || *p++ != sep)
        goto invalid;
      start = p;
      if (!read_number (&p, 2, 4, &year) || p - start == 3)
        goto invalid;
      year_digits = p - start;
      year = expand_year (year, year_digits);

      if (sep == '/' && order == CLT_DATE_ORDER_MDY)
        month = a, day = b;
      else
        day = a, month = b;
    }

  has_time = *p != '\0';
  if (!read_time (&p, &hour, &minute, &second, &offset))
    goto invalid;

  /* Customer data has no dates before 1900 or after 2200: such a year is a typo. */
  if (year < 1900 || year > 2200 || !g_date_valid_dmy (day, month, year))
    goto invalid;

  if (!has_time)
    return format_iso_date (year, month, day, -1, 0, 0);

  /* Already in UTC: no time zone arithmetic needed. */
  if (offset == G_MININT || offset == 0)
    return format_iso_date (year, month, day, hour, minute, MIN (second, 59));

  {
    g_autoptr(GTimeZone) zone = g_time_zone_new_offset (offset == G_MININT ? 0 : offset * 60);
    g_autoptr(GDateTime) local = g_date_time_new (zone, year, month, day, hour, minute, second);
    g_autoptr(GDateTime) utc = NULL;

    if (local == NULL)
      goto invalid;
    utc = g_date_time_to_utc (local);

    return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
  }

invalid:
  /* Translators: %s is a value from an imported file, such as 31.02.2024 */
  set_invalid (error, _("“%s” is not a date"), text);
  return NULL;
}

/**
 * clt_value_parse_birthday:
 * @text: a full date, or day and month only (31.12., 12/31 as Mailchimp writes it)
 *
 * Returns: (transfer full) (nullable): "YYYY-MM-DD", or "--MM-DD" when the year is unknown
 */
char *
clt_value_parse_birthday (const char    *text,
                          CltDateOrder   order,
                          GError       **error)
{
  g_autofree char *copy = g_strstrip (g_strdup (text));
  const char *p = copy;
  int a, b, day, month;
  char sep;

  if (strlen (copy) > 6)
    return clt_value_parse_date (copy, order, error);

  if (!read_number (&p, 1, 2, &a) || (*p != '.' && *p != '/'))
    goto invalid;
  sep = *p++;
  if (!read_number (&p, 1, 2, &b) || (*p != '\0' && !(*p == '.' && p[1] == '\0')))
    goto invalid;

  if (sep == '/')
    month = a, day = b;
  else
    day = a, month = b;

  /* 29 February exists in a leap year. */
  if (!g_date_valid_dmy (day, month, 2000))
    goto invalid;

  return g_strdup_printf ("--%02d-%02d", month, day);

invalid:
  set_invalid (error, _("“%s” is not a date"), text);
  return NULL;
}

/**
 * clt_value_parse_amount:
 * @text: an amount such as 1.234,56, 1,234.56, 12,5 €, 'EUR 99 or -3.50
 * @style: which separator is the decimal one; %CLT_NUMBER_STYLE_AUTO decides from the text
 * @cents: (out): the amount in hundredths, rounded half away from zero
 */
gboolean
clt_value_parse_amount (const char      *text,
                        CltNumberStyle   style,
                        gint64          *cents,
                        GError         **error)
{
  g_autofree char *copy = g_strdup (text);
  const char *last_comma, *last_point;
  char decimal = 0;
  gboolean negative = FALSE;
  guint n_commas = 0, n_points = 0;
  gint64 whole = 0;
  int fraction = 0;
  guint fraction_digits = 0;
  gboolean seen_decimal = FALSE;
  gboolean any_digit = FALSE;

  if (!g_utf8_validate (text, -1, NULL))
    goto invalid;

  g_strstrip (copy);

  /* Shopify prefixes numbers with an apostrophe to keep spreadsheets from reformatting them. */
  {
    const char *s = copy;

    while (*s == '\'' || *s == ' ')
      s++;
    memmove (copy, s, strlen (s) + 1);
  }

  for (const char *s = copy; *s; s++)
    {
      if (*s == ',')
        n_commas++;
      else if (*s == '.')
        n_points++;
    }
  last_comma = strrchr (copy, ',');
  last_point = strrchr (copy, '.');

  switch (style)
    {
    case CLT_NUMBER_STYLE_DECIMAL_COMMA:
      decimal = ',';
      break;

    case CLT_NUMBER_STYLE_DECIMAL_POINT:
      decimal = '.';
      break;

    case CLT_NUMBER_STYLE_AUTO:
    default:
      if (n_commas > 0 && n_points > 0)
        decimal = last_comma > last_point ? ',' : '.';
      else if (n_commas == 1)
        decimal = ',';
      else if (n_points == 1)
        decimal = '.';
      break;
    }

  for (const char *s = copy; *s; s = g_utf8_next_char (s))
    {
      gunichar c = g_utf8_get_char (s);

      if (g_ascii_isdigit (*s))
        {
          any_digit = TRUE;
          if (seen_decimal)
            {
              if (fraction_digits < 3)
                fraction = fraction * 10 + (*s - '0');
              fraction_digits++;
            }
          else
            {
              if (whole > G_MAXINT64 / 1000)
                goto invalid;
              whole = whole * 10 + (*s - '0');
            }
        }
      else if (*s == decimal && !seen_decimal)
        seen_decimal = TRUE;
      else if ((*s == ',' || *s == '.' || *s == ' ' || c == 0x00a0 || c == 0x202f || *s == '\'') && !seen_decimal)
        ; /* thousands separators */
      else if (*s == '-' && !any_digit)
        negative = TRUE;
      else if (*s == '+' && !any_digit)
        ;
      else if (c == 0x20ac || *s == '$' || c == 0x00a3 || g_ascii_isalpha (*s) || *s == ' ')
        {
          /* Currency symbols and codes: EUR, CHF, €, $ */
          if (g_ascii_isalpha (*s) && !(g_ascii_isupper (*s)))
            goto invalid;
        }
      else
        goto invalid;
    }

  if (!any_digit)
    goto invalid;

  for (; fraction_digits < 3; fraction_digits++)
    fraction *= 10;

  *cents = whole * 100 + (fraction + 5) / 10;
  if (negative)
    *cents = -*cents;

  return TRUE;

invalid:
  /* Translators: %s is a value from an imported file */
  set_invalid (error, _("“%s” is not an amount"), text);
  return FALSE;
}

/**
 * clt_value_parse_bool:
 * @text: yes/no, true/false, ja/nein, 1/0, y/n, j/n, x (ticked) or empty
 */
gboolean
clt_value_parse_bool (const char  *text,
                      gboolean    *value,
                      GError     **error)
{
  static const char * const yes[] = { "yes", "y", "true", "t", "ja", "j", "1", "x", "wahr", "on", NULL };
  static const char * const no[] = { "no", "n", "false", "f", "nein", "0", "falsch", "off", NULL };
  g_autofree char *folded = g_ascii_strdown (text, -1);

  g_strstrip (folded);

  if (g_strv_contains (yes, folded))
    *value = TRUE;
  else if (g_strv_contains (no, folded))
    *value = FALSE;
  else
    {
      /* Translators: %s is a value from an imported file */
      set_invalid (error, _("“%s” is neither yes nor no"), text);
      return FALSE;
    }

  return TRUE;
}

/**
 * clt_value_normalise_email:
 *
 * Returns: (transfer full) (nullable): the address trimmed and lower-cased, for
 *   matching, or %NULL with @error set when it is no e-mail address
 */
char *
clt_value_normalise_email (const char  *text,
                           GError     **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text));
  g_autofree char *lower = NULL;
  const char *at;
  const char *dot;

  if (!g_utf8_validate (text, -1, NULL))
    {
      g_set_error_literal (error, CLT_IMPORT_ERROR, CLT_IMPORT_ERROR_BAD_ROW, _("The e-mail address is not valid text"));
      return NULL;
    }

  /* Exports wrap addresses as "Name <a@b.de>" or mailto: links. */
  if (g_str_has_prefix (trimmed, "mailto:"))
    memmove (trimmed, trimmed + 7, strlen (trimmed + 7) + 1);
  if (strchr (trimmed, '<') && g_str_has_suffix (trimmed, ">"))
    {
      char *inner = g_strdup (strchr (trimmed, '<') + 1);

      inner[strlen (inner) - 1] = '\0';
      g_free (trimmed);
      trimmed = g_strstrip (inner);
    }

  /* Most addresses are ASCII: lower them without Unicode tables, but for an I, which a
   * Turkish locale lowers to a dotless ı as g_utf8_strdown() does. */
  {
    const char *c = trimmed;

    while (*c != '\0' && (guchar) *c < 0x80 && *c != 'I')
      c++;
    lower = *c == '\0' ? g_ascii_strdown (trimmed, -1) : g_utf8_strdown (trimmed, -1);
  }
  at = strchr (lower, '@');
  dot = at ? strrchr (at, '.') : NULL;

  if (at == NULL || at == lower || strchr (at + 1, '@') != NULL || dot == NULL ||
      dot == at + 1 || dot[1] == '\0' || strpbrk (lower, " ,;\t\"()[]\\") != NULL)
    {
      /* Translators: %s is a value from an imported file */
      set_invalid (error, _("“%s” is not an e-mail address"), text);
      return NULL;
    }

  return g_steal_pointer (&lower);
}

typedef struct
{
  const char *alpha2;
  const char *calling_code;
  const char *names;
} Country;

/* Names in English and German, and the ISO 3166 alpha-3 code, folded to ASCII lower case. */
static const Country countries[] = {
  { "DE", "49", "germany|deutschland|deu|brd|bundesrepublik deutschland|federal republic of germany" },
  { "AT", "43", "austria|oesterreich|osterreich|aut" },
  { "CH", "41", "switzerland|schweiz|suisse|svizzera|che" },
  { "LI", "423", "liechtenstein|lie" },
  { "LU", "352", "luxembourg|luxemburg|lux" },
  { "NL", "31", "netherlands|the netherlands|niederlande|holland|nld" },
  { "BE", "32", "belgium|belgien|bel" },
  { "FR", "33", "france|frankreich|fra" },
  { "IT", "39", "italy|italien|italia|ita" },
  { "ES", "34", "spain|spanien|espana|esp" },
  { "PT", "351", "portugal|prt" },
  { "GB", "44", "united kingdom|uk|great britain|grossbritannien|vereinigtes koenigreich|england|gbr" },
  { "IE", "353", "ireland|irland|irl" },
  { "DK", "45", "denmark|daenemark|dnk" },
  { "SE", "46", "sweden|schweden|swe" },
  { "NO", "47", "norway|norwegen|nor" },
  { "FI", "358", "finland|finnland|fin" },
  { "PL", "48", "poland|polen|pol" },
  { "CZ", "420", "czech republic|czechia|tschechien|tschechische republik|cze" },
  { "SK", "421", "slovakia|slowakei|svk" },
  { "HU", "36", "hungary|ungarn|hun" },
  { "SI", "386", "slovenia|slowenien|svn" },
  { "HR", "385", "croatia|kroatien|hrv" },
  { "GR", "30", "greece|griechenland|grc" },
  { "TR", "90", "turkey|turkiye|tuerkei|tur" },
  { "RO", "40", "romania|rumaenien|rou" },
  { "BG", "359", "bulgaria|bulgarien|bgr" },
  { "US", "1", "united states|united states of america|usa|vereinigte staaten|us" },
  { "CA", "1", "canada|kanada|can" },
};

static char *
fold_ascii (const char *text)
{
  g_autofree char *lower = g_utf8_strdown (text, -1);
  g_autofree char *nfd = g_utf8_normalize (lower, -1, G_NORMALIZE_NFD);
  GString *out = g_string_new (NULL);

  for (const char *p = nfd; p && *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == 0xdf)
        g_string_append (out, "ss");
      else if (c == 0x308 && out->len > 0 && strchr ("aou", out->str[out->len - 1]))
        g_string_append_c (out, 'e');
      else if (c < 0x80 && (g_ascii_isalnum (c) || c == ' '))
        g_string_append_c (out, (char) c);
      else if (c == '-' || c == '.' || c == '_')
        g_string_append_c (out, ' ');
    }

  return g_strstrip (g_string_free (out, FALSE));
}

/* Every name and code of every country, folded, to its country; made once. */
static GHashTable *
country_names (void)
{
  static GHashTable *names;

  if (g_once_init_enter_pointer (&names))
    {
      GHashTable *table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

      for (guint i = 0; i < G_N_ELEMENTS (countries); i++)
        {
          g_auto(GStrv) list = g_strsplit (countries[i].names, "|", -1);

          g_hash_table_insert (table, g_ascii_strdown (countries[i].alpha2, -1), (gpointer) &countries[i]);
          for (guint n = 0; list[n]; n++)
            g_hash_table_insert (table, g_strdup (list[n]), (gpointer) &countries[i]);
        }

      g_once_init_leave_pointer (&names, table);
    }

  return names;
}

static const Country *
find_country (const char *text)
{
  g_autofree char *folded = NULL;

  if (text == NULL || *text == '\0' || !g_utf8_validate (text, -1, NULL))
    return NULL;

  /* ISO codes, as most exports write them, without folding. */
  if (g_ascii_isalpha (text[0]) && g_ascii_isalpha (text[1]) && text[2] == '\0')
    {
      for (guint i = 0; i < G_N_ELEMENTS (countries); i++)
        if (g_ascii_strcasecmp (text, countries[i].alpha2) == 0)
          return &countries[i];
    }

  folded = fold_ascii (text);

  return g_hash_table_lookup (country_names (), folded);
}

/**
 * clt_value_normalise_country:
 * @text: a country name in English or German, or an ISO 3166 code
 *
 * Returns: (transfer full) (nullable): the ISO 3166 alpha-2 code, or %NULL when unknown
 */
char *
clt_value_normalise_country (const char *text)
{
  const Country *country = find_country (text);

  return country ? g_strdup (country->alpha2) : NULL;
}

/**
 * clt_value_normalise_phone:
 * @text: a phone number as people write it: 089 1234567, +49 (0)89 12 34 56-7, 0043 1 …
 * @country: (nullable): the record's country (any form), for numbers without a country code;
 *   Germany when unknown
 *
 * Returns: (transfer full) (nullable): the number in E.164 (+49891234567), or %NULL with @error set
 */
char *
clt_value_normalise_phone (const char  *text,
                           const char  *country,
                           GError     **error)
{
  g_autoptr(GString) digits = g_string_new (NULL);
  const Country *region = find_country (country);
  gboolean international = FALSE;
  const char *p = text;

  while (*p == ' ' || *p == '\'')
    p++;

  if (*p == '+')
    {
      international = TRUE;
      p++;
    }

  for (; *p; p++)
    {
      if (g_ascii_isdigit (*p))
        g_string_append_c (digits, *p);
      else if (*p == '(' && p[1] == '0' && p[2] == ')' && international)
        p += 2; /* the "(0)" in +49 (0)89 … is dialled only inside the country */
      else if (strchr (" -/().\t", *p) == NULL)
        {
          /* Translators: %s is a value from an imported file */
          set_invalid (error, _("“%s” is not a phone number"), text);
          return NULL;
        }
    }

  if (!international && g_str_has_prefix (digits->str, "00"))
    {
      g_string_erase (digits, 0, 2);
      international = TRUE;
    }

  if (!international)
    {
      const char *code = region ? region->calling_code : "49";

      if (digits->str[0] == '0')
        g_string_erase (digits, 0, 1);
      /* In North America the trunk prefix is 1, which is also the country code. */
      if (g_str_equal (code, "1") && digits->len == 11 && digits->str[0] == '1')
        g_string_erase (digits, 0, 1);
      g_string_prepend (digits, code);
    }

  if (digits->len < 8 || digits->len > 15 || digits->str[0] == '0')
    {
      set_invalid (error, _("“%s” is not a phone number"), text);
      return NULL;
    }

  g_string_prepend_c (digits, '+');

  return g_string_free (g_steal_pointer (&digits), FALSE);
}

/**
 * clt_value_normalise_postcode:
 *
 * Returns: (transfer full): the postcode as text, trimmed and upper-cased, leading zeros kept
 */
char *
clt_value_normalise_postcode (const char *text)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text));
  const char *p = trimmed;

  /* Spreadsheets and Shopify protect leading zeros with an apostrophe. */
  while (*p == '\'')
    p++;

  return g_ascii_strup (p, -1);
}
