/* clt-clv-model.c: BG/NBD and Gamma-Gamma, the lifetime-value models (pure maths)
 *
 * BG/NBD (Fader, Hardie & Lee, "Counting Your Customers the Easy Way", Marketing Science
 * 24(2), 2005): while alive a customer buys at a Poisson rate λ ~ Gamma(r, α) and after each
 * purchase drops out with probability p ~ Beta(a, b). Gamma-Gamma (Fader & Hardie, "The
 * Gamma-Gamma Model of Monetary Value", 2013): a customer's transaction values are
 * Gamma(p, ν) with ν ~ Gamma(q, γ), independent of the buying. Both are fitted by maximum
 * likelihood with Nelder–Mead over the logarithms of the parameters, restarted from the best
 * point until a restart no longer improves the fit.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "clt-clv-model"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "clt-clv-model.h"

#define MAX_PARAMS        4
#define MAX_RESTARTS      20
#define MAX_ITERATIONS    5000
/* Bounds on the logarithm of each parameter: beyond them the likelihood is flat or meaningless. */
#define LOG_PARAM_LIMIT   30.0
/* Terms of the hypergeometric series before it is taken as converged regardless. */
#define MAX_SERIES_TERMS  1000000

/* ---- one customer's summary ---- */

void
_clt_clv_customer_start (CltClvCustomer *customer,
                         gint64          day)
{
  *customer = (CltClvCustomer) { .first_day = day, .last_day = day };
}

/* A later day with a purchase: a repeat transaction, with its value when known. */
void
_clt_clv_customer_add (CltClvCustomer *customer,
                       gint64          day,
                       gboolean        has_amount,
                       double          amount)
{
  customer->last_day = day;
  customer->x += 1;
  if (has_amount)
    {
      customer->spend_x += 1;
      customer->spend_sum += amount;
    }
}

void
_clt_clv_customer_finish (CltClvCustomer *customer,
                          gint64          end_day)
{
  customer->t_x = (customer->last_day - customer->first_day) / 7.0;
  customer->T = (end_day - customer->first_day) / 7.0;
  customer->zbar = customer->spend_x > 0 ? customer->spend_sum / customer->spend_x : 0;
}

/* ---- Nelder–Mead ---- */

typedef double (*Objective) (const double *v,
                             gpointer      data);

static double
evaluate (Objective     f,
          gpointer      data,
          const double *v,
          guint         n)
{
  double value;

  for (guint i = 0; i < n; i++)
    if (!isfinite (v[i]) || fabs (v[i]) > LOG_PARAM_LIMIT)
      return HUGE_VAL;

  value = f (v, data);

  return isfinite (value) ? value : HUGE_VAL;
}

/* Puts the simplex's vertices in order of their values, best first (insertion sort: n ≤ 5). */
static void
sort_simplex (double simplex[][MAX_PARAMS],
              double *values,
              guint   n)
{
  for (guint i = 1; i <= n; i++)
    for (guint j = i; j > 0 && values[j] < values[j - 1]; j--)
      {
        double swap = values[j];

        values[j] = values[j - 1];
        values[j - 1] = swap;
        for (guint k = 0; k < n; k++)
          {
            swap = simplex[j][k];
            simplex[j][k] = simplex[j - 1][k];
            simplex[j - 1][k] = swap;
          }
      }
}

/* One run from a fresh simplex around @v, which becomes the best point found. */
static gboolean
nelder_mead_run (Objective      f,
                 gpointer       data,
                 double        *v,
                 guint          n,
                 double         step,
                 double        *best,
                 GCancellable  *cancellable,
                 GError       **error)
{
  double simplex[MAX_PARAMS + 1][MAX_PARAMS];
  double values[MAX_PARAMS + 1];

  for (guint i = 0; i <= n; i++)
    {
      for (guint k = 0; k < n; k++)
        simplex[i][k] = v[k] + (i == k + 1 ? step : 0);
      values[i] = evaluate (f, data, simplex[i], n);
    }

  for (guint iteration = 0; iteration < MAX_ITERATIONS; iteration++)
    {
      double centroid[MAX_PARAMS], reflected[MAX_PARAMS], trial[MAX_PARAMS];
      double f_reflected, f_trial, size = 0;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      sort_simplex (simplex, values, n);

      /* Converged when the values agree and the simplex has shrunk to a point. */
      for (guint i = 1; i <= n; i++)
        for (guint k = 0; k < n; k++)
          size = MAX (size, fabs (simplex[i][k] - simplex[0][k]));
      if (isfinite (values[n]) && values[n] - values[0] <= 1e-12 * (fabs (values[0]) + 1e-10) && size < 1e-7)
        break;

      for (guint k = 0; k < n; k++)
        {
          centroid[k] = 0;
          for (guint i = 0; i < n; i++)
            centroid[k] += simplex[i][k] / n;
          reflected[k] = centroid[k] + (centroid[k] - simplex[n][k]);
        }
      f_reflected = evaluate (f, data, reflected, n);

      if (f_reflected < values[0])
        {
          /* Better than the best: try going twice as far. */
          for (guint k = 0; k < n; k++)
            trial[k] = centroid[k] + 2 * (centroid[k] - simplex[n][k]);
          f_trial = evaluate (f, data, trial, n);
          if (f_trial < f_reflected)
            {
              memcpy (simplex[n], trial, sizeof trial);
              values[n] = f_trial;
            }
          else
            {
              memcpy (simplex[n], reflected, sizeof reflected);
              values[n] = f_reflected;
            }
          continue;
        }

      if (f_reflected < values[n - 1])
        {
          memcpy (simplex[n], reflected, sizeof reflected);
          values[n] = f_reflected;
          continue;
        }

      /* Contract towards the reflected point or, when that is worse than the worst, inwards. */
      for (guint k = 0; k < n; k++)
        trial[k] = f_reflected < values[n] ? centroid[k] + 0.5 * (reflected[k] - centroid[k])
                                           : centroid[k] + 0.5 * (simplex[n][k] - centroid[k]);
      f_trial = evaluate (f, data, trial, n);
      if (f_trial < MIN (f_reflected, values[n]))
        {
          memcpy (simplex[n], trial, sizeof trial);
          values[n] = f_trial;
          continue;
        }

      /* Shrink everything towards the best vertex. */
      for (guint i = 1; i <= n; i++)
        {
          for (guint k = 0; k < n; k++)
            simplex[i][k] = simplex[0][k] + 0.5 * (simplex[i][k] - simplex[0][k]);
          values[i] = evaluate (f, data, simplex[i], n);
        }
    }

  sort_simplex (simplex, values, n);
  memcpy (v, simplex[0], n * sizeof (double));
  *best = values[0];

  return TRUE;
}

/* Minimises @f from @v, restarting from the best point until that gains nothing. */
static gboolean
nelder_mead (Objective      f,
             gpointer       data,
             double        *v,
             guint          n,
             GCancellable  *cancellable,
             GError       **error)
{
  double best = evaluate (f, data, v, n);

  g_assert (n <= MAX_PARAMS);

  for (guint restart = 0; restart < MAX_RESTARTS; restart++)
    {
      double found;

      if (!nelder_mead_run (f, data, v, n, restart == 0 ? 0.5 : 0.1, &found, cancellable, error))
        return FALSE;
      if (restart > 0 && best - found <= 1e-9 * (fabs (best) + 1e-10))
        break;
      best = found;
    }

  return TRUE;
}

/* ---- BG/NBD ---- */

/* Customers with the same (x, t_x, T) counted once, with a weight; their times as indexes
 * into the distinct times, whose log (α + time) each evaluation computes once. */
typedef struct
{
  double x;
  double t_x;
  double T;
  double weight;
  guint  i_t_x;
  guint  i_T;
} BgRow;

typedef struct
{
  BgRow  *rows;
  gsize   n_rows;
  double *times;
  double *log_times;   /* scratch: log (α + times[i]) */
  gsize   n_times;
} BgData;

static int
bg_row_compare (const void *a,
                const void *b)
{
  const BgRow *ra = a;
  const BgRow *rb = b;

  if (ra->x != rb->x)
    return ra->x < rb->x ? -1 : 1;
  if (ra->t_x != rb->t_x)
    return ra->t_x < rb->t_x ? -1 : 1;
  if (ra->T != rb->T)
    return ra->T < rb->T ? -1 : 1;
  return 0;
}

static int
double_compare (const void *a,
                const void *b)
{
  double da = *(const double *) a;
  double db = *(const double *) b;

  return da < db ? -1 : da > db ? 1 : 0;
}

static guint
time_index (const BgData *bg,
            double        time)
{
  const double *found = bsearch (&time, bg->times, bg->n_times, sizeof (double), double_compare);

  g_assert (found != NULL);

  return found - bg->times;
}

static void
bg_data_init (BgData               *bg,
              const CltClvCustomer *customers,
              gsize                 n_customers)
{
  gsize n = 0, n_times = 0;

  bg->rows = g_new (BgRow, MAX (n_customers, 1));
  for (gsize i = 0; i < n_customers; i++)
    bg->rows[i] = (BgRow) { customers[i].x, customers[i].t_x, customers[i].T, 1, 0, 0 };
  qsort (bg->rows, n_customers, sizeof (BgRow), bg_row_compare);

  for (gsize i = 0; i < n_customers; i++)
    {
      if (n > 0 && bg_row_compare (&bg->rows[n - 1], &bg->rows[i]) == 0)
        bg->rows[n - 1].weight += 1;
      else
        bg->rows[n++] = bg->rows[i];
    }
  bg->n_rows = n;

  bg->times = g_new (double, MAX (2 * n, 1));
  for (gsize i = 0; i < n; i++)
    {
      bg->times[2 * i] = bg->rows[i].t_x;
      bg->times[2 * i + 1] = bg->rows[i].T;
    }
  qsort (bg->times, 2 * n, sizeof (double), double_compare);
  for (gsize i = 0; i < 2 * n; i++)
    if (n_times == 0 || bg->times[n_times - 1] != bg->times[i])
      bg->times[n_times++] = bg->times[i];
  bg->n_times = n_times;
  bg->log_times = g_new (double, MAX (n_times, 1));

  for (gsize i = 0; i < n; i++)
    {
      bg->rows[i].i_t_x = time_index (bg, bg->rows[i].t_x);
      bg->rows[i].i_T = time_index (bg, bg->rows[i].T);
    }
}

static void
bg_data_clear (BgData *bg)
{
  g_clear_pointer (&bg->rows, g_free);
  g_clear_pointer (&bg->times, g_free);
  g_clear_pointer (&bg->log_times, g_free);
}

/* log (e^u + e^v) without overflow. */
static double
log_add_exp (double u,
             double v)
{
  double m = MAX (u, v);

  return m + log1p (exp (-fabs (u - v)));
}

/* The log-likelihood (FHL 2005, eq. 6), its terms in x computed once for each x (rows are
 * sorted by x). */
static double
bg_log_likelihood_rows (const CltBgNbdParams *params,
                        BgData               *bg)
{
  double r = params->r, alpha = params->alpha, a = params->a, b = params->b;
  double base = -lgamma (r) + r * log (alpha) + lgamma (a + b) - lgamma (b);
  double x_terms = 0, x_dropout = 0, current_x = -1;
  double sum = 0;

  for (gsize i = 0; i < bg->n_times; i++)
    bg->log_times[i] = log (alpha + bg->times[i]);

  for (gsize i = 0; i < bg->n_rows; i++)
    {
      const BgRow *row = &bg->rows[i];
      double ll;

      if (row->x != current_x)
        {
          current_x = row->x;
          x_terms = base + lgamma (r + row->x) + lgamma (b + row->x) - lgamma (a + b + row->x);
          x_dropout = row->x > 0 ? log (a) - log (b + row->x - 1) : 0;
        }

      ll = -(r + row->x) * bg->log_times[row->i_T];
      if (row->x > 0)
        ll = log_add_exp (ll, x_dropout - (r + row->x) * bg->log_times[row->i_t_x]);
      sum += row->weight * (x_terms + ll);
    }

  return sum;
}

double
_clt_bgnbd_log_likelihood (const CltBgNbdParams *params,
                           const CltClvCustomer *customers,
                           gsize                 n_customers)
{
  BgData bg;
  double ll;

  bg_data_init (&bg, customers, n_customers);
  ll = bg_log_likelihood_rows (params, &bg);
  bg_data_clear (&bg);

  return ll;
}

static double
bg_objective (const double *v,
              gpointer      data)
{
  CltBgNbdParams params = { exp (v[0]), exp (v[1]), exp (v[2]), exp (v[3]), 0 };

  return -bg_log_likelihood_rows (&params, data);
}

/**
 * _clt_bgnbd_fit:
 *
 * Fits r, α, a and b by maximum likelihood, α in weeks as the customers' times are.
 */
gboolean
_clt_bgnbd_fit (const CltClvCustomer  *customers,
                gsize                  n_customers,
                GCancellable          *cancellable,
                CltBgNbdParams        *params,
                GError               **error)
{
  BgData bg;
  double mean_T = 0;
  double v[4];
  gboolean ok;

  for (gsize i = 0; i < n_customers; i++)
    mean_T += customers[i].T / n_customers;

  /* Start from one purchase per customer's age and even odds of dropping out. */
  v[0] = 0;
  v[1] = log (MAX (mean_T, 1));
  v[2] = 0;
  v[3] = 0;

  bg_data_init (&bg, customers, n_customers);
  if ((ok = nelder_mead (bg_objective, &bg, v, 4, cancellable, error)))
    {
      *params = (CltBgNbdParams) { exp (v[0]), exp (v[1]), exp (v[2]), exp (v[3]), 0 };
      params->log_likelihood = bg_log_likelihood_rows (params, &bg);
    }
  bg_data_clear (&bg);

  return ok;
}

/* The probability that the customer has not dropped out by T (FHL 2005, from eq. 6; "Computing
 * P(alive) using the BG/NBD model", Fader, Hardie & Lee 2008): 1 without repeat purchases. */
double
_clt_bgnbd_p_alive (const CltBgNbdParams *params,
                    const CltClvCustomer *customer)
{
  double x = customer->x;

  if (x <= 0)
    return 1;

  return 1 / (1 + exp (log (params->a) - log (params->b + x - 1) +
                       (params->r + x) * (log (params->alpha + customer->T) - log (params->alpha + customer->t_x))));
}

/* e^log_scale · 2F1 (A, B; C; z) for 0 ≤ z < 1, summing the Gauss series with the scale
 * folded into its first term, so that neither factor overflows on its own. The terms'
 * ratio tends to z, so the series converges geometrically; it stops once the terms are
 * decreasing and below 1e-15 of the sum. */
static double
scaled_hyp2f1 (double A,
               double B,
               double C,
               double z,
               double log_scale)
{
  double term = exp (log_scale);
  double sum = term;

  for (guint n = 0; n < MAX_SERIES_TERMS; n++)
    {
      double ratio = (A + n) * (B + n) / ((C + n) * (n + 1)) * z;

      term *= ratio;
      sum += term;
      if (fabs (ratio) < 1 && fabs (term) <= 1e-15 * fabs (sum))
        break;
    }

  return sum;
}

/**
 * _clt_bgnbd_expected:
 *
 * The expected number of transactions in the next @weeks after the calibration end, given the
 * customer's history (FHL 2005, eq. 10).
 */
double
_clt_bgnbd_expected (const CltBgNbdParams *params,
                     const CltClvCustomer *customer,
                     double                weeks)
{
  double r = params->r, alpha = params->alpha, a = params->a, b = params->b;
  double x = customer->x, T = customer->T;
  double scaled, numerator, denominator = 1;

  scaled = scaled_hyp2f1 (r + x, b + x, a + b + x - 1, weeks / (alpha + T + weeks),
                          (r + x) * (log (alpha + T) - log (alpha + T + weeks)));
  numerator = (a + b + x - 1) / (a - 1) * (1 - scaled);
  if (x > 0)
    denominator += exp (log (a) - log (b + x - 1) +
                        (r + x) * (log (alpha + T) - log (alpha + customer->t_x)));

  return numerator / denominator;
}

/* ---- Gamma-Gamma ---- */

/* Customers with repeat transactions of a known, positive mean value. */
gboolean
_clt_gamma_gamma_usable (const CltClvCustomer *customer)
{
  return customer->spend_x > 0 && customer->zbar > 0;
}

typedef struct
{
  double x;
  double zbar;
  double log_x;
  double log_zbar;
} GgRow;

typedef struct
{
  GgRow *rows;
  gsize  n_rows;
} GgData;

static int
gg_row_compare (const void *a,
                const void *b)
{
  const GgRow *ra = a;
  const GgRow *rb = b;

  return ra->x < rb->x ? -1 : ra->x > rb->x ? 1 : 0;
}

static GgRow *
gg_rows_new (const CltClvCustomer *customers,
             gsize                 n_customers,
             gsize                *n_rows)
{
  GgRow *rows = g_new (GgRow, MAX (n_customers, 1));
  gsize n = 0;

  for (gsize i = 0; i < n_customers; i++)
    if (_clt_gamma_gamma_usable (&customers[i]))
      rows[n++] = (GgRow) { customers[i].spend_x, customers[i].zbar,
                            log (customers[i].spend_x), log (customers[i].zbar) };
  qsort (rows, n, sizeof (GgRow), gg_row_compare);
  *n_rows = n;

  return rows;
}

/* The log-likelihood of the customers' mean values (Fader & Hardie 2013, eq. 3), the gamma
 * functions in x computed once for each x (rows are sorted by x). */
static double
gg_log_likelihood_rows (const CltGammaGammaParams *params,
                        const GgRow               *rows,
                        gsize                      n_rows)
{
  double p = params->p, q = params->q, gamma = params->gamma;
  double base = -lgamma (q) + q * log (gamma);
  double x_terms = 0, current_x = -1;
  double sum = 0;

  for (gsize i = 0; i < n_rows; i++)
    {
      const GgRow *row = &rows[i];
      double px = p * row->x;

      if (row->x != current_x)
        {
          current_x = row->x;
          x_terms = base + lgamma (px + q) - lgamma (px) + px * row->log_x;
        }
      sum += x_terms + (px - 1) * row->log_zbar - (px + q) * log (gamma + row->x * row->zbar);
    }

  return sum;
}

double
_clt_gamma_gamma_log_likelihood (const CltGammaGammaParams *params,
                                 const CltClvCustomer      *customers,
                                 gsize                      n_customers)
{
  gsize n_rows;
  g_autofree GgRow *rows = gg_rows_new (customers, n_customers, &n_rows);

  return gg_log_likelihood_rows (params, rows, n_rows);
}

static double
gg_objective (const double *v,
              gpointer      data)
{
  GgData *gg = data;
  CltGammaGammaParams params = { exp (v[0]), exp (v[1]), exp (v[2]), 0 };

  return -gg_log_likelihood_rows (&params, gg->rows, gg->n_rows);
}

/**
 * _clt_gamma_gamma_fit:
 *
 * Fits p, q and γ on the customers _clt_gamma_gamma_usable() accepts; γ is in the unit of
 * their values.
 */
gboolean
_clt_gamma_gamma_fit (const CltClvCustomer  *customers,
                      gsize                  n_customers,
                      GCancellable          *cancellable,
                      CltGammaGammaParams   *params,
                      GError               **error)
{
  GgData data;
  g_autofree GgRow *rows = gg_rows_new (customers, n_customers, &data.n_rows);
  double mean = 0;
  double v[3];

  data.rows = rows;
  for (gsize i = 0; i < data.n_rows; i++)
    mean += rows[i].zbar / data.n_rows;

  /* Start from p = q = 1 with γ putting the mean value where the customers' is. */
  v[0] = 0;
  v[1] = 0;
  v[2] = log (MAX (mean, 1e-6));
  if (!nelder_mead (gg_objective, &data, v, 3, cancellable, error))
    return FALSE;

  *params = (CltGammaGammaParams) { exp (v[0]), exp (v[1]), exp (v[2]), 0 };
  params->log_likelihood = gg_log_likelihood_rows (params, rows, data.n_rows);

  return TRUE;
}

/* The expected mean value of the customer's transactions (Fader & Hardie 2013, eq. 5): the
 * population mean pγ/(q − 1) weighed with the customer's own mean by how many values they
 * have. NAN where it does not exist (q ≤ 1 without values of the customer's own). */
double
_clt_gamma_gamma_expected_spend (const CltGammaGammaParams *params,
                                 const CltClvCustomer      *customer)
{
  double x = _clt_gamma_gamma_usable (customer) ? customer->spend_x : 0;
  double denominator = params->p * x + params->q - 1;

  if (denominator <= 0)
    return NAN;

  return params->p * (params->gamma + x * customer->zbar) / denominator;
}

/* ---- confidence ---- */

/**
 * _clt_clv_confidence:
 *
 * How far a customer's value rests on their own history rather than on the population's:
 * high with at least 4 repeat transactions over at least 26 weeks as a customer, medium with
 * at least 1 over at least 13 weeks, low otherwise (one purchase, or a customer for less
 * than a quarter).
 */
CltClvConfidence
_clt_clv_confidence (const CltClvCustomer *customer)
{
  if (customer->x >= 4 && customer->T >= 26)
    return CLT_CLV_CONFIDENCE_HIGH;
  if (customer->x >= 1 && customer->T >= 13)
    return CLT_CLV_CONFIDENCE_MEDIUM;

  return CLT_CLV_CONFIDENCE_LOW;
}

const char *
_clt_clv_confidence_to_string (CltClvConfidence confidence)
{
  switch (confidence)
    {
    case CLT_CLV_CONFIDENCE_HIGH:
      return "high";
    case CLT_CLV_CONFIDENCE_MEDIUM:
      return "medium";
    case CLT_CLV_CONFIDENCE_LOW:
    default:
      return "low";
    }
}
