import { z } from 'zod';

// The housing department's legacy API: always HTTP 200, envelope {code, msg, data}, pinyin-initial
// field names, dates yyyyMMdd, date-times yyyyMMddHHmmss (Beijing time), amounts as strings.

const amount = z.string().regex(/^-?\d+(\.\d+)?$/);
const date = z.string().regex(/^\d{8}$/);
/** The legacy API sends "" where it has no date. */
const optionalDate = z.string().regex(/^(\d{8})?$/);
const dateTime = z.string().regex(/^\d{14}$/);

export const record = z.object({
  sfzh: z.string(),
  xm: z.string(),
  hjdz: z.string().nullish(),
  lxdh: z.string().nullish(),
  gzfsq: z.array(
    z.object({
      sqbh: z.string(),
      sqrq: date,
      sqzt: z.enum(['01', '02', '03', '04', '05', '06', '09']),
      ztms: z.string().nullish(),
      lhxh: z.string().regex(/^\d*$/).nullish(),
      hx: z.string().nullish(),
    }),
  ),
  zfbt: z.array(z.object({ btlx: z.string(), btje: amount, ffzt: z.enum(['1', '2', '3']), ksrq: date, jsrq: optionalDate.nullish() })),
  gjj: z
    .object({
      gjjzh: z.string(),
      jcdw: z.string().nullish(),
      ye: amount,
      yjce: amount,
      zhzt: z.enum(['1', '2', '3']),
      zjjcrq: optionalDate.nullish(),
    })
    .nullish(),
  sxs: z.array(
    z.object({
      ywbh: z.string(),
      sxmc: z.string(),
      blzt: z.enum(['01', '02', '03', '04', '05', '06', '07']),
      ztms: z.string().nullish(),
      sqsj: dateTime,
      gxsj: dateTime,
      blqx: optionalDate.nullish(),
    }),
  ),
});

export const envelope = z.object({ code: z.string(), msg: z.string().nullish(), data: z.unknown() });
/** The envelope's data only: each record is parsed on its own (`record`), so one odd record fails only that person. */
export const queryData = z.object({ jls: z.array(z.unknown()), wcx: z.array(z.string()).optional() });

export type WireRecord = z.infer<typeof record>;
export type WireMatter = WireRecord['sxs'][number];
export type WireApplication = WireRecord['gzfsq'][number];
