# The expected events of NexmarkGeneratorTest (expected.jsonl: python3 reference.py 2 3 4 ... > expected.jsonl),
# computed from src-docs/nexmark.md by this second implementation, in another language, that
# shares no code with the Java generator. N = 100,000 events, R = 10,000,000/s, G = 2.
# An independent reading of the generator section of src-docs/nexmark.md.
M64 = (1 << 64) - 1
GOLDEN = 0x9e3779b97f4a7c15
def s64(x):
    x &= M64
    return x - (1 << 64) if x >> 63 else x
def s32(x):
    x &= 0xffffffff
    return x - (1 << 32) if x >> 31 else x
class SR:
    def __init__(self, seed): self.seed = seed & M64
    def next_seed(self):
        self.seed = (self.seed + GOLDEN) & M64
        return self.seed
    @staticmethod
    def mix64(z):
        z = ((z ^ (z >> 30)) * 0xbf58476d1ce4e5b9) & M64
        z = ((z ^ (z >> 27)) * 0x94d049bb133111eb) & M64
        return z ^ (z >> 31)
    @staticmethod
    def mix32(z):
        z = ((z ^ (z >> 33)) * 0x62a9d9ed799705f5) & M64
        return s32((((z ^ (z >> 28)) * 0xcb24d0a5c88c35b3) & M64) >> 32)
    def next_long(self): return s64(self.mix64(self.next_seed()))
    def next_int(self, b=None):
        r = self.mix32(self.next_seed())
        if b is None: return r
        m = b - 1
        if b & m == 0: return r & m
        u = (r & 0xffffffff) >> 1
        while True:
            r = u % b
            if s32(u + m - r) >= 0: return r
            u = (self.mix32(self.next_seed()) & 0xffffffff) >> 1
    def next_double(self): return ((self.mix64(self.next_seed())) >> 11) * 2.0**-53
def java_div(a, b):
    q = abs(a) // abs(b)
    return q if (a >= 0) == (b >= 0) else -q
def java_mod(a, b): return a - b * java_div(a, b)
def extra_text():
    r = SR(0x4E455842); out = []
    n = 0
    while n < 1 << 20:
        v = r.next_int()
        for _ in range(6):
            out.append(chr(ord('a') + java_mod(v, 26))); v = java_div(v, 26); n += 1
    return ''.join(out)[:1 << 20]
EXTRA = extra_text()
def word(r, mx, c):
    ln = 3 + r.next_int(mx - 3)
    s = ''.join(c if r.next_int(13) == 0 else chr(ord('a') + r.next_int(26)) for _ in range(ln))
    return s.strip(''.join(chr(i) for i in range(33)))
def padding(r, used, avg):
    if used > avg: return ''
    rest = avg - used
    import math
    delta = int(math.floor(rest * 0.2 + 0.5))
    size = rest - delta + (0 if delta == 0 else r.next_int(2 * delta))
    off = r.next_int((1 << 20) - size)
    return EXTRA[off:off + size]
def url(r): return "https://www.nexmark.com/" + word(r,5,'_') + "/" + word(r,5,'_') + "/" + word(r,5,'_') + "/item.htm?query=1"
r = SR(0x55524C53)
HOT = [url(r) for _ in range(4)]
CH = []
def rev32(c):
    b = format(c & 0xffffffff, '032b')[::-1]
    return s32(int(b, 2))
for c in range(10000):
    u = url(r)
    if r.next_int(10) > 0: u += "&channel_id=" + str(abs(rev32(c)))
    CH.append(u)
B = 1436918400000
def below(r, n): return r.next_int(n) if n < 2**31 - 1 else abs(java_mod(r.next_long(), n))
def price(r):
    import math
    x = math.pow(10.0, r.next_double() * 6.0) * 100.0
    return int(math.floor(x + 0.5))
def last_person(e): return e // 50
def last_auction(e):
    ep, o = e // 50, e % 50
    if o == 0: return 3 * (ep - 1) + 2
    return 3 * ep + o - 1 if o <= 3 else 3 * ep + 2
def some_person(r, e):
    p = last_person(e) + 1; a = min(p, 1000); return p - a + below(r, a + 10)
def some_auction(r, e):
    hi = last_auction(e); lo = max(hi - 100, 0); return lo + below(r, hi - lo + 1 + 10)
N, R, G = 100000, 10000000, 2
d = 1000000.0 / R * G
per = N // G
def time(x): return B + int(x * d) // 1000
def event(e):
    s = min((e - 2) // per, G - 1); k = e - 2 - s * per
    t = time(k + 1); r = SR(e); o = e % 50
    if o == 0:
        name = ["Peter","Paul","Luke","John","Saul","Vicky","Kate","Julie","Sarah","Deiter","Walter"][r.next_int(11)] + " " + ["Shultz","Abrams","Spencer","White","Bartels","Walton","Smith","Jones","Noris"][r.next_int(9)]
        email = word(r,7,' ') + "@" + word(r,5,' ') + ".com"
        card = ' '.join('%04d' % r.next_int(10000) for _ in range(4))
        city = ["Phoenix","Los Angeles","San Francisco","Boise","Portland","Bend","Redmond","Seattle","Kent","Cheyenne"][r.next_int(10)]
        state = ["AZ","CA","ID","OR","WA","WY"][r.next_int(6)]
        extra = padding(r, 8 + len(name)+len(email)+len(card)+len(city)+len(state), 200)
        return ('person', last_person(e)+1000, name, email, card, city, state, t, extra)
    if o <= 3:
        aid = last_auction(e) + 1000
        seller = ((last_person(e) // 100) * 100 if r.next_int(4) > 0 else some_person(r, e)) + 1000
        cat = 10 + r.next_int(5)
        ib = price(r)
        h = time(k + 1 + 1666) - t
        exp = t + 1 + below(r, max(2 * h, 1))
        item = word(r, 20, ' '); desc = word(r, 100, ' ')
        res = ib + price(r)
        extra = padding(r, 8 + len(item) + len(desc) + 40, 500)
        return ('auction', aid, item, desc, ib, res, t, exp, seller, cat, extra)
    auc = ((last_auction(e) // 100) * 100 if r.next_int(2) > 0 else some_auction(r, e)) + 1000
    bidder = ((last_person(e) // 100) * 100 + 1 if r.next_int(4) > 0 else some_person(r, e)) + 2000
    p = price(r)
    if r.next_int(2) > 0:
        i = r.next_int(4); ch = ["Google","Facebook","Baidu","Apple"][i]; u = HOT[i]
    else:
        c = r.next_int(10000); ch = "channel-" + str(c); u = CH[c]
    extra = padding(r, 32, 100)
    return ('bid', auc, bidder, p, ch, u, t, extra)
import json, sys
ids = [int(x) for x in sys.argv[1:]]
for e in ids:
    print(json.dumps([e] + list(event(e))))
