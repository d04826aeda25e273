#!/usr/bin/env python3
"""Writes rater-statistics.fixture.json: a rating data set and the rating distribution's statistics
computed from it here, independently of Plumb (numpy/scipy), for test/calibration/rater-statistics.test.ts.

    python3 packages/core/test/calibration/rater-statistics.expected.py

The data: 64 managers in four departments (every department far above min-group 5), teams of 5 to 40
with manager-stage 'overall' ratings 1..5 drawn around per-manager shifts (lenient, severe, central —
everyone a 3 — and ordinary), three small teams (2, 3 and 3 people) in one department that Plumb pools
(6 ≥ 5, no top-up), identical twin teams (tied p-values for Benjamini–Hochberg), and three competency
ratings per person, almost identical for the halo managers.
Statistics (as documented in packages/core/src/calibration/rater-statistics.ts):
one-way random-effects ANOVA over every rater with shown people (pooled ones included), empirical-Bayes
shrinkage, BH (scipy.stats.false_discovery_control) over raters with n >= 5, scipy.stats.norm / chi2 /
kruskal for the p-values and H.
"""
import json
import math
import os
import random

import numpy as np
from scipy import stats

K = 5
MIN_N, MIN_EFFECT, CENTRAL_RATIO, FDR = 5, 0.25, 0.6, 0.05
Z95 = stats.norm.ppf(0.975)
rng = random.Random(20)

people, ratings, teams = [], [], []
depts = ['Sales', 'Eng', 'Ops', 'Finance']
for i in range(64):
    size = [5, 6, 8, 10, 12, 15, 20, 25, 30, 40][i % 10]
    kind = 'lenient' if i % 9 == 1 else 'severe' if i % 9 == 4 else 'central' if i % 13 == 7 else 'halo' if i % 11 == 3 else 'plain'
    teams.append((f'm{i:02d}', size, depts[i % 4], kind))
teams.append(('m-twin-a', 12, 'Eng', 'twin'))
teams.append(('m-twin-b', 12, 'Sales', 'twin'))
teams += [('m-small-1', 2, 'Ops', 'plain'), ('m-small-2', 3, 'Ops', 'plain'), ('m-small-3', 3, 'Ops', 'lenient')]
# Ops' small teams pool only with each other if Ops has no other team smaller than... Plumb pools the
# department's teams under k and tops the pool up only while it holds fewer than k: 2 + 3 + 3 = 8.

twin = [3, 4, 2, 3, 3, 5, 3, 1, 4, 3, 2, 3]
for manager, size, dept, kind in teams:
    people.append({'person_id': manager, 'name': f'Manager {manager}', 'department': dept, 'team_id': f't-{manager}', 'level': 'M1'})
    for j in range(size):
        pid = f'{manager}-p{j:02d}'
        people.append({'person_id': pid, 'name': f'Person {pid}', 'manager_id': manager, 'department': dept, 'team_id': f't-{manager}',
                       'level': ['L1', 'L2', 'L3'][j % 3]})
        shift = {'lenient': 1.0, 'severe': -1.0}.get(kind, 0.0)
        if kind == 'central':
            r = 3
        elif kind == 'twin':
            r = twin[j]
        else:
            r = int(min(5, max(1, round(3 + shift + rng.gauss(0, 0.9)))))
        ratings.append({'cycle_id': 'C1', 'employee_id': pid, 'rater_id': manager, 'stage': 'manager', 'dimension': 'overall', 'rating': r})
        for d in ['delivery', 'craft', 'teamwork']:
            c = r if kind == 'halo' and rng.random() < 0.9 else int(min(5, max(1, r + rng.choice([-1, 0, 0, 1]))))
            ratings.append({'cycle_id': 'C1', 'employee_id': pid, 'rater_id': manager, 'stage': 'manager', 'dimension': d, 'rating': c})

# ---- the statistics, independently -------------------------------------------------------------
overall = [r for r in ratings if r['dimension'] == 'overall']
by_rater = {}
for r in overall:
    by_rater.setdefault(r['rater_id'], []).append(r['rating'])
pooled_ids = {m for m, s, d, k in teams if s < K}
groups = {m: np.array(v, dtype=float) for m, v in by_rater.items()}
allv = np.concatenate(list(groups.values()))
N, kgroups = len(allv), len(groups)
org_mean = allv.mean()
ns = np.array([len(g) for g in groups.values()], dtype=float)
means = np.array([g.mean() for g in groups.values()])
msb = float(np.sum(ns * (means - org_mean) ** 2) / (kgroups - 1))
msw = float(sum(((g - g.mean()) ** 2).sum() for g in groups.values()) / (N - kgroups))
n0 = (N - np.sum(ns ** 2) / N) / (kgroups - 1)
sigma2, tau2 = msw, max(0.0, (msb - msw) / n0)
icc1 = (msb - msw) / (msb + (n0 - 1) * msw)
h, kw_p = stats.kruskal(*groups.values())


def shrink(n, effect):
    se2 = sigma2 / n
    rel = tau2 / (tau2 + se2) if tau2 > 0 else 0.0
    shrunk = rel * effect
    psd = math.sqrt(rel * se2)
    return shrunk, shrunk - Z95 * psd, shrunk + Z95 * psd, 2 * stats.norm.sf(abs(effect) / math.sqrt(se2))


# halo: per rater, ratees with >= 2 competencies; mean within-ratee variance (ddof 1) against the room's
comp = {}
for r in ratings:
    if r['dimension'] != 'overall':
        comp.setdefault((r['rater_id'], r['employee_id']), []).append(r['rating'])
halo_in = {}
for (m, _), v in comp.items():
    if len(v) >= 2:
        halo_in.setdefault(m, []).append(float(np.var(v, ddof=1)))
room = sum(sum(v) for v in halo_in.values()) / sum(len(v) for v in halo_in.values())
halo = {m: len(v) >= 5 and room > 0 and math.sqrt(np.mean(v) / room) < 0.5 for m, v in halo_in.items()}

judged = [m for m in groups if len(groups[m]) >= MIN_N]
p_eff = {m: shrink(len(groups[m]), groups[m].mean() - org_mean)[3] for m in judged}
p_cen = {m: stats.chi2.cdf(((groups[m] - groups[m].mean()) ** 2).sum() / sigma2, len(groups[m]) - 1) for m in judged}
q_eff = dict(zip(judged, stats.false_discovery_control([p_eff[m] for m in judged], method='bh')))
q_cen = dict(zip(judged, stats.false_discovery_control([p_cen[m] for m in judged], method='bh')))

raters = []
for m, g in groups.items():
    if m in pooled_ids:
        continue
    n = len(g)
    effect = g.mean() - org_mean
    shrunk, lo, hi, _ = shrink(n, effect)
    sd = float(g.std(ddof=1)) if n >= 2 else None
    if n < MIN_N:
        flags = ['too_few']
    else:
        flags = []
        if q_eff[m] <= FDR and lo > 0 and shrunk >= MIN_EFFECT:
            flags.append('lenient')
        if q_eff[m] <= FDR and hi < 0 and shrunk <= -MIN_EFFECT:
            flags.append('severe')
        if q_cen[m] <= FDR and sd is not None and sd < CENTRAL_RATIO * math.sqrt(sigma2):
            flags.append('central')
        if halo.get(m):
            flags.append('halo')
    raters.append({'rater_id': m, 'n': n, 'mean': float(g.mean()), 'sd': sd, 'effect': float(effect), 'shrunk_effect': shrunk,
                   'ci_low': lo, 'ci_high': hi, 'flags': flags,
                   'counts': {str(v): int((g == v).sum()) for v in range(1, 6)}})
raters.sort(key=lambda r: (-r['shrunk_effect'], r['rater_id']))
pool = np.concatenate([groups[m] for m in pooled_ids])
raters.append({'rater_id': '(pooled)', 'n': len(pool), 'mean': float(pool.mean()), 'sd': float(pool.std(ddof=1)),
               'effect': float(pool.mean() - org_mean), 'shrunk_effect': None, 'ci_low': None, 'ci_high': None, 'flags': ['pooled'],
               'counts': {str(v): int((pool == v).sum()) for v in range(1, 6)}})

expected = {
    'org': {'n': N, 'mean': float(org_mean), 'sd': float(allv.std(ddof=1)), 'raters': kgroups},
    'icc1': float(icc1), 'variance': {'within': sigma2, 'between': tau2},
    'kruskal_wallis': {'h': float(h), 'df': kgroups - 1, 'p': float(kw_p)},
    'raters': raters,
    # The special functions alone, across Cody's three ranges and both parities of df.
    'normal_upper_tail': [[t, float(stats.norm.sf(t))] for t in [0, 1e-9, 0.3, 0.674, 0.675, 1, 1.96, 3, 5.65, 5.66, 7, 10, 30]],
    'chi_square_lower': [[x, df, float(stats.chi2.cdf(x, df))] for x, df in
                         [(0.5, 1), (3.84, 1), (0.1, 2), (2, 3), (1.2, 4), (0.8, 9), (20, 9), (3, 29), (40, 30), (150, 199), (0.01, 5)]],
}
here = os.path.dirname(os.path.abspath(__file__))
# Compact: people as [person_id, manager_id, department, team_id, level]; per person its rater and
# ratings [overall, delivery, craft, teamwork] (the test expands them).
by_person = {}
for r in ratings:
    by_person.setdefault((r['employee_id'], r['rater_id']), {})[r['dimension']] = r['rating']
compact = {
    'people': [[p['person_id'], p.get('manager_id'), p['department'], p['team_id'], p['level']] for p in people],
    'ratings': [[e, m, d['overall'], d['delivery'], d['craft'], d['teamwork']] for (e, m), d in by_person.items()],
    'expected': expected,
}
with open(os.path.join(here, 'rater-statistics.fixture.json'), 'w') as f:
    json.dump(compact, f, separators=(',', ':'))
    f.write('\n')
flag_counts = {}
for r in raters:
    for fl in r['flags']:
        flag_counts[fl] = flag_counts.get(fl, 0) + 1
print(len(people), 'people', len(raters), 'rows', flag_counts, 'H', h, 'icc1', icc1)
