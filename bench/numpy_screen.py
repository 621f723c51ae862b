#!/usr/bin/python3
"""numpy_screen.py - the robustness screen of one year (docs/model.md section 7) written with
numpy, to measure migdip's kernel against (bench/README.md): the same draws (splitmix64 seeded
from (seed, k), parameters uniform in their priors, every positive stock and remittance share
lognormal), the same formulas (docs/model.md sections 2-4, substitutability included), on the
inputs `ensemble_export` writes. Vectorised: one Python iteration per draw, none per dyad; what
no draw changes (the masks and logarithms of the fit factors) is computed once; as in migdip,
the substitutability is computed only for the pairs a draw can put in scope.

usage: numpy_screen.py DIR DRAWS SEED [--check MIGDIP_CSV]
  prints the count of dyads and a checksum; with --check, the p_verdict column of
  `migdip screen --min-stock 1 --robust DRAWS --seed SEED --csv` compared dyad by dyad.
"""
import csv
import json
import sys

import numpy as np

M64 = np.uint64(0xFFFFFFFFFFFFFFFF)
GAMMA = np.uint64(0x9E3779B97F4A7C15)
C1, C2 = np.uint64(0xBF58476D1CE4E5B9), np.uint64(0x94D049BB133111EB)
Q_NONE, Q_I, Q_II, Q_III, Q_IV, Q_MUTUAL, Q_OUT = range(7)


def mix(z):
    z = (z ^ (z >> np.uint64(30))) * C1
    z = (z ^ (z >> np.uint64(27))) * C2
    return z ^ (z >> np.uint64(31))


def uniforms(st0, first, count):
    """Calls first..first+count-1 (1-based) of the generator seeded st0, as doubles in [0, 1)."""
    j = np.arange(first, first + count, dtype=np.uint64)
    return (mix(np.uint64(st0) + j * GAMMA) >> np.uint64(11)).astype(np.float64) * 2.0 ** -53


def load(d):
    meta = json.load(open(f"{d}/meta.json"))
    a = {}
    for name, dt in meta["arrays"].items():
        if name != "_":
            a[name] = np.fromfile(f"{d}/{name}.bin", dtype="<" + dt)
    n = meta["n"]
    for name in ("stock", "rshare", "stock_born", "protection", "channel", "contig", "lang", "scheme",
                 "freemove", "dist", "female", "inst"):
        a[name] = a[name].reshape(n, n)
    a["pairs"] = a["pairs"].reshape(-1, 2).astype(np.int64)
    a["base"] = a["base"].reshape(-1, 2)
    return meta, a


class Screen:
    def __init__(self, meta, a):
        self.meta, self.a = meta, a
        n = self.n = meta["n"]
        S = a["stock"]
        self.base_prm = meta["params"]
        off = ~np.eye(n, dtype=bool)
        known = np.where(off & (S > 0), S, 0).sum(0)
        self.unknown = np.maximum(0, a["immigrants"] - known)
        self.scells = np.flatnonzero(S > 0)
        self.rcells = np.flatnonzero(a["rshare"] > 0)
        sub = a["subregion"]
        self.sub = sub
        self.n_sub = int(sub.max()) + 1
        self.onehot = np.zeros((n, max(self.n_sub, 1)))
        ok = sub >= 0
        self.onehot[np.flatnonzero(ok), sub[ok]] = 1
        x, y = a["pairs"][:, 0], a["pairs"][:, 1]
        self.x, self.y = x, y
        # sides: host h, partner r (side 0 of a pair: h = x)
        h = np.concatenate([x, y])
        r = np.concatenate([y, x])
        self.h, self.r = h, r
        A = np.arange(n)
        self.valid_static = (A[None, :] != h[:, None]) & (A[None, :] != r[:, None])
        lang, scheme = a["lang"] != 0, a["scheme"] != 0
        r_lang, r_scheme = lang[r, h], scheme[r, h]
        self.LM = r_lang[:, None] & ~lang[:, h].T
        self.SM = r_scheme[:, None] & ~scheme[:, h].T
        self.RM = (sub[None, :] != sub[r][:, None]) | (sub[None, :] < 0)
        d = a["dist"][:, h].T.astype(np.float64)
        rd = a["dist"][r, h].astype(np.float64)[:, None]
        pc = a["gdppc_ppp"]
        rpc = pc[r][:, None]
        with np.errstate(invalid="ignore", divide="ignore"):
            self.LD = np.where((rd > 0) & (d > rd), np.log(rd / d), 0.0)
            self.LI = np.where((rpc > 0) & (pc[None, :] > rpc), np.log(rpc / pc[None, :]), 0.0)
            fa = a["female"][:, h].T.astype(np.float64)
            rf = a["female"][r, h].astype(np.float64)[:, None]
            self.XD = np.where(~np.isnan(rf) & ~np.isnan(fa), np.abs(rf - fa), 0.0)
        self.ctl = np.where(a["channel"][r, h] != 0, 0, np.where(a["contig"][r, h] != 0, 1, 2))
        self.gdp, self.remit, self.lf = a["gdp"][h], a["remit"][h], a["lf"][h]
        # power (composite) and the pairs' fixed scope
        gp, po = a["gdp_ppp"].copy(), a["pop"]
        fill = np.isnan(gp) & (pc > 0) & (po > 0)
        gp[fill] = pc[fill] * po[fill]
        self.pow_ok = (gp > 0) & (po > 0)
        with np.errstate(invalid="ignore", divide="ignore"):
            self.pa, self.pb = np.log(gp / po), np.log(gp)
        terr = a["territory"] != 0
        self.struct_out = terr[x] | terr[y] | (a["freemove"][x, y] != 0)
        SB, P = a["stock_born"], a["protection"]
        born = SB[x, y] + SB[y, x]
        prot = np.minimum(P[x, y], SB[x, y]) + np.minimum(P[y, x], SB[y, x])
        with np.errstate(invalid="ignore", divide="ignore"):
            self.forced = np.where(born > 0, prot / born, np.nan)
        self.inst = a["inst"][x, y].astype(np.float64)
        self.priors = meta["priors"]

    def params(self, k, seed, draw_params):
        st0 = (seed ^ ((0xD1B54A32D192ED03 * (k + 1)) & 0xFFFFFFFFFFFFFFFF)) & 0xFFFFFFFFFFFFFFFF
        u = uniforms(st0, 1, len(self.priors))
        p = dict(self.base_prm)
        if draw_params:
            for (name, lo, hi, shapes), ui in zip(self.priors, u):
                if shapes:
                    continue
                v = lo + ui * (hi - lo)
                p[name] = v
                if name in ("w_rd", "w_conc"):
                    other = "w_conc" if name == "w_rd" else "w_rd"
                    rest = p[other] + p["w_valve"]
                    if rest > 0:
                        scale = (1 - v) / rest
                        p[other] *= scale
                        p["w_valve"] *= scale
                elif name == "w_lf":
                    p["w_pool"] = 1 - v
        return p, st0

    def data(self, st0, draw_data):
        a = self.a
        if not draw_data:
            return a["stock"], a["rshare"]
        ns, nr = len(self.scells), len(self.rcells)
        m = ns + nr
        pairs = (m + 1) // 2
        u = uniforms(st0, len(self.priors) + 1, 2 * pairs)
        uu, ww = u[0::2], u[1::2]
        rad = np.sqrt(-2 * np.log(np.where(uu > 0, uu, 2.0 ** -53)))
        t = 2 * np.pi * ww
        z = np.empty(2 * pairs)
        z[0::2], z[1::2] = rad * np.cos(t), rad * np.sin(t)
        S = a["stock"].copy().reshape(-1)
        S[self.scells] *= np.exp(self.meta["sigma_stock"] * z[:ns])
        R = a["rshare"].copy().reshape(-1)
        R[self.rcells] = np.minimum(1, R[self.rcells] * np.exp(self.meta["sigma_remit"] * z[ns:m]))
        return S.reshape(self.n, self.n), R.reshape(self.n, self.n)

    def verdicts(self, p, S, R):
        n, h, r = self.n, self.h, self.r
        S0 = S * ~np.eye(n, dtype=bool)
        S0 = np.where(S0 > 0, S0, 0)
        emig, immig = S0.sum(1), S0.sum(0) + self.unknown
        cap_sub = S0 @ self.onehot
        # as migdip does: the substitutability only of the sides of pairs that this draw can put
        # in scope (not a territory, free movement or forced migration, enough persons)
        vol = S[self.x, self.y] + S[self.y, self.x]
        with np.errstate(invalid="ignore"):
            need = ~(self.struct_out | (self.forced >= p["forced_max"]) | ~(vol >= p["scope_min_stock"]))
        k = np.flatnonzero(np.concatenate([need, need]))
        hk = h[k]
        with np.errstate(invalid="ignore", divide="ignore"):
            here = S[:, hk].T
            cap = here
            if p["cap_region"] > 0:
                subh = self.sub[hk]
                cs = cap_sub[:, np.maximum(subh, 0)].T
                cap = np.where((subh >= 0)[:, None], here + p["cap_region"] * (cs - here), here)
            fit = (np.where(self.LM[k], p["fit_lang"], 1.0) * np.where(self.SM[k], p["fit_scheme"], 1.0)
                   * np.where(self.RM[k], p["fit_region"], 1.0)
                   * np.exp(p["fit_dist_exp"] * self.LD[k] + p["fit_income_exp"] * self.LI[k])
                   * (1 - p["fit_sex"] * self.XD[k]))
            alt = np.where(self.valid_static[k] & (cap > 0), fit * cap, 0).sum(1)
            inc = S[r, h]
            ratio = alt / inc[k]
            Ssub = np.full(len(h), np.nan)
            Ssub[k] = np.where(inc[k] > 0, ratio / (ratio + p["subst_half"]), np.nan)
            # member_exposure
            emig_in, pm = S[h, r], inc
            ctlf = np.choose(self.ctl, [1.0, p["control_border"], p["control_base"]])
            controlled = pm * ctlf
            sh = R[h, r]
            gdp, remit, lf = self.gdp, self.remit, self.lf
            sat = lambda v, s: np.where(v >= s, 1.0, v / s)
            rpg = np.where((gdp > 0) & ~np.isnan(remit), 100 * remit / gdp, np.nan)
            rd = rpg / 100 * sh
            eh, ih = emig[h], immig[h]
            emig_share = np.where(eh > 0, emig_in / eh, np.nan)
            valve = np.where(lf > 0, emig_in / lf, np.nan)
            lf_share = np.where(lf > 0, pm / lf, np.nan)
            pool_share = np.where(ih > 0, pm / ih, np.nan)
            pool_weight = np.where(lf > 0, sat(ih / lf, p["pool_lf_scale"]), 1.0)
            control = np.where(pm > 0, controlled / pm, np.nan)
            krd, kv = ~np.isnan(rd), ~np.isnan(valve)
            cr = np.where(krd, p["w_rd"] * sat(rd, p["rd_scale"]), 0.0)
            cv = np.where(kv, p["w_valve"] * sat(valve, p["valve_scale"]), 0.0)
            cc = p["w_conc"] * np.where(np.isnan(emig_share), 0, emig_share)
            wsum = np.where(krd, p["w_rd"], 0.0) + np.where(kv, p["w_valve"], 0.0) + p["w_conc"]
            send = np.where(wsum > 0, cr / wsum, 0) + np.where(wsum > 0, cv / wsum, 0) + np.where(wsum > 0, cc / wsum, 0)
            send = np.where(emig_in > 0, send, 0.0)
            x_lf = np.where(np.isnan(lf_share), np.nan, sat(lf_share, p["lf_scale"]))
            x_pool = np.where(np.isnan(pool_share), np.nan, sat(pool_share, p["pool_scale"]) * pool_weight)
            kl, kp = ~np.isnan(x_lf), ~np.isnan(x_pool)
            w = np.where(kl, p["w_lf"], 0.0) + np.where(kp, p["w_pool"], 0.0)
            cl = np.where(kl, p["w_lf"] * x_lf, 0.0)
            cp = np.where(kp, p["w_pool"] * x_pool, 0.0)
            rel = np.where(w > 0, cl / w, 0) + np.where(w > 0, cp / w, 0)
            subc = -rel * p["subst_max"] * np.where(np.isnan(Ssub), 0, Ssub)
            host = rel + subc + -(rel + subc) * (1 - control)
            host = np.where(pm > 0, host, 0.0)
            host = np.where(host < 0, 0.0, host)
            raw = 1 - (1 - send) * (1 - host)
        m = len(self.x)
        r0, r1 = raw[:m], raw[m:]
        x, y = self.x, self.y
        volume = S[x, y] + S[y, x]
        v = self.inst
        with np.errstate(invalid="ignore", divide="ignore"):
            inst = np.where(volume > 0, volume * v / volume, np.where(v > 0, v, 0))
        mean = (r0 + r1) / 2
        e0 = r0 + -p["inst_moderation"] * inst * (r0 - mean)
        e1 = r1 + -p["inst_moderation"] * inst * (r1 - mean)
        w = p["w_power_pc"]
        pw = w * self.pa + (1 - w) * self.pb
        ok = self.pow_ok[x] & self.pow_ok[y]
        diff = pw[x] - pw[y]
        with np.errstate(invalid="ignore"):
            stronger = np.where(~ok | (np.abs(diff) < p["parity_band"]), -1, np.where(diff > 0, 0, 1))
            out = (self.struct_out | (self.forced >= p["forced_max"]) | ~(volume >= p["scope_min_stock"])
                   | ~(np.maximum(r0, r1) >= p["scope_min_exposure"]))
        mutual = np.minimum(r0, r1) - p["mutual_min"] >= 0
        more = np.where(e0 > e1, 0, 1)
        coerce = (stronger < 0) | (stronger != more)
        q_more = np.where(coerce, Q_III, Q_I)
        q_less = np.where(coerce, Q_II, Q_IV)
        qa = np.where(more == 0, q_more, q_less)
        qb = np.where(more == 1, q_more, q_less)
        qa = np.where(ok, qa, Q_NONE)
        qb = np.where(ok, qb, Q_NONE)
        qa = np.where(mutual, Q_MUTUAL, qa)
        qb = np.where(mutual, Q_MUTUAL, qb)
        qa = np.where(out, Q_OUT, qa)
        qb = np.where(out, Q_OUT, qb)
        return qa, qb

    def run(self, draws, seed, draw_params=True, draw_data=True):
        base = self.a["base"]
        same = np.zeros(len(self.x), dtype=np.int64)
        for k in range(draws):
            p, st0 = self.params(k, seed, draw_params)
            S, R = self.data(st0, draw_data)
            qa, qb = self.verdicts(p, S, R)
            same += (qa == base[:, 0]) & (qb == base[:, 1])
        return same


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    d, draws, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    meta, a = load(d)
    sc = Screen(meta, a)
    qa, qb = sc.verdicts(dict(meta["params"]), a["stock"], a["rshare"])
    base_agree = int(((qa == a["base"][:, 0]) & (qb == a["base"][:, 1])).sum())
    same = sc.run(draws, seed)
    print(f"{len(sc.x)} dyads, {draws} draws; base verdicts equal to migdip's: {base_agree}; "
          f"sum of p_verdict {same.sum() / draws:.6f}")
    if "--check" in sys.argv:
        iso = meta["iso3"]
        mine = {(iso[i], iso[j]): s / draws for (i, j), s in zip(a["pairs"], same)}
        worst, differ, seen = 0.0, 0, 0
        for row in csv.DictReader(open(sys.argv[sys.argv.index("--check") + 1])):
            key = (row["a"], row["b"]) if (row["a"], row["b"]) in mine else (row["b"], row["a"])
            dv = abs(float(row["p_verdict"]) - mine[key])
            seen += 1
            differ += dv > 0.0005
            worst = max(worst, dv)
        print(f"checked against migdip: {seen} dyads, {differ} differ by more than the CSV's rounding, "
              f"largest difference {worst:.4f}")


if __name__ == "__main__":
    main()
