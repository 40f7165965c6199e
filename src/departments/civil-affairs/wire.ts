import { z } from 'zod';

// The civil-affairs API as it answers POST /api/v1/persons:batchGet (camelCase REST/JSON).

const matter = z.object({
  matterId: z.string(),
  matterName: z.string(),
  status: z.enum(['SUBMITTED', 'UNDER_REVIEW', 'PENDING_SUPPLEMENT', 'APPROVED', 'REJECTED', 'WITHDRAWN']),
  statusText: z.string().nullish(),
  submittedAt: z.string(),
  updatedAt: z.string(),
  dueAt: z.string().nullish(),
});

export const person = z.object({
  idNumber: z.string(),
  name: z.string(),
  districtCode: z.string(),
  districtName: z.string(),
  address: z.string().nullish(),
  phone: z.string().nullish(),
  maritalStatus: z.enum(['SINGLE', 'MARRIED', 'DIVORCED', 'WIDOWED']).nullish(),
  household: z
    .object({
      householdId: z.string(),
      headIdNumber: z.string(),
      relationToHead: z.enum(['SELF', 'SPOUSE', 'CHILD', 'PARENT', 'OTHER']),
      size: z.number().int(),
    })
    .nullish(),
  assistance: z.array(
    z.object({
      programCode: z.enum(['DIBAO', 'TEKUN', 'GAOLING', 'DISABILITY_LIVING', 'DISABILITY_CARE']),
      programName: z.string(),
      status: z.enum(['ACTIVE', 'SUSPENDED', 'ENDED']),
      monthlyAmount: z.number().nullish(),
      startDate: z.string(),
      endDate: z.string().nullish(),
    }),
  ),
  marriageRegistrations: z.array(
    z.object({
      registrationNumber: z.string(),
      type: z.enum(['MARRIAGE', 'DIVORCE']),
      registeredOn: z.string(),
      spouseName: z.string().nullish(),
    }),
  ),
  matters: z.array(matter),
});

/** The envelope only: each person is parsed on its own (`person`), so one odd record fails only that person. */
export const batchGetResponse = z.object({ persons: z.array(z.unknown()), notFound: z.array(z.string()).optional() });
export const errorResponse = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

export type WirePerson = z.infer<typeof person>;
export type WireMatter = z.infer<typeof matter>;
