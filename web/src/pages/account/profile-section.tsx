import { useQuery, useQueryClient } from '@tanstack/solid-query'
import { useMutation } from '../../lib/use-mutation'
import { createEffect, createSignal, on, Show } from 'solid-js'
import type { AccountMe } from '../../../../worker/api-types'
import { accountQueries } from '../../api/account'
import { sendJson } from '../../api/client'
import { sessionChanged } from '../../api/session'
import { Avatar } from '../../components/avatar'
import { createFormProblems, describeFailure, Field, FormError } from '../../components/form-field'
import { safeSiteHref } from '../../lib/site-url'

const avatarTypes = ['image/png', 'image/jpeg', 'image/gif', 'image/webp']
const avatarMaxBytes = 512 * 1024

/** Display name, about and avatar, as the public profile page shows them. */
export function ProfileSection(props: { me: AccountMe }) {
  const queryClient = useQueryClient()
  const profile = useQuery(() => accountQueries.user(props.me.username))
  const [displayName, setDisplayName] = createSignal(props.me.displayName)
  const [about, setAbout] = createSignal('')
  const form = createFormProblems()
  const [status, setStatus] = createSignal<string>()
  const [avatarError, setAvatarError] = createSignal<string>()
  let fileInput: HTMLInputElement | undefined

  createEffect(
    on(
      () => profile.data,
      (p) => {
        if (!p) return
        setDisplayName(p.displayName)
        setAbout(p.about)
      },
    ),
  )

  const save = useMutation(() => ({
    mutationFn: () =>
      sendJson('PATCH', 'account/profile', { displayName: displayName(), about: about() }),
    onSuccess: async () => {
      form.clear()
      setStatus('Profile saved.')
      await sessionChanged(queryClient)
    },
    onError: (err) => {
      setStatus(undefined)
      form.fail(err)
    },
  }))

  const avatar = useMutation(() => ({
    mutationFn: (file: File | null) =>
      file ? sendJson('PUT', 'account/avatar', file) : sendJson('DELETE', 'account/avatar'),
    onSuccess: async (_, file) => {
      setAvatarError(undefined)
      setStatus(file ? 'Avatar updated.' : 'Avatar removed.')
      if (fileInput) fileInput.value = ''
      await sessionChanged(queryClient)
    },
    onError: (err) => setAvatarError(describeFailure(err).message),
  }))

  const upload = (file: File | undefined) => {
    if (!file) return
    if (!avatarTypes.includes(file.type))
      return setAvatarError('The avatar must be a PNG, JPEG, GIF or WebP image.')
    if (file.size > avatarMaxBytes) return setAvatarError('The avatar must be at most 512 KiB.')
    avatar.mutate(file)
  }

  const submit = (e: SubmitEvent) => {
    e.preventDefault()
    const problems: Record<string, string> = {}
    if (!displayName().trim()) problems.displayName = 'Enter a display name.'
    if (displayName().trim().length > 100)
      problems.displayName = 'Display name must be at most 100 characters.'
    if (about().length > 2000) problems.about = 'About must be at most 2000 characters.'
    if (!form.check(problems)) return
    save.mutate()
  }

  return (
    <section class="account-section" aria-labelledby="profile-heading">
      <h2 id="profile-heading">Profile</h2>
      <div class="avatar-editor">
        <Avatar
          name={displayName() || props.me.username}
          src={safeSiteHref(profile.data?.imageUrl)}
          size={72}
        />
        <div class="avatar-controls">
          <label class="button" for="avatar-file">
            Upload avatar
          </label>
          <input
            ref={fileInput}
            id="avatar-file"
            class="visually-hidden"
            type="file"
            accept="image/png,image/jpeg,image/gif,image/webp"
            onChange={(e) => upload(e.currentTarget.files?.[0])}
          />
          <Show when={profile.data?.imageUrl}>
            <button
              type="button"
              class="button"
              disabled={avatar.isPending}
              onClick={() => avatar.mutate(null)}
            >
              Remove avatar
            </button>
          </Show>
          <p class="field-hint">PNG, JPEG, GIF or WebP, at most 512 KiB.</p>
        </div>
      </div>
      <div role="alert" class="form-error">
        <Show when={avatarError()}>
          <p class="notice notice-error">{avatarError()}</p>
        </Show>
      </div>
      <form ref={form.ref} class="account-form" novalidate onSubmit={submit}>
        <FormError message={form.message()} />
        <Field
          label="Display name"
          name="displayName"
          maxLength={100}
          value={displayName()}
          onInput={(e) => setDisplayName(e.currentTarget.value)}
          error={form.fields().displayName}
        />
        <Field
          label="About (markdown)"
          name="about"
          multiline
          maxLength={2000}
          value={about()}
          onInput={(e) => setAbout(e.currentTarget.value)}
          error={form.fields().about}
        />
        <div class="form-actions">
          <button type="submit" class="button button-primary" disabled={save.isPending}>
            Save profile
          </button>
          <p class="form-status" role="status">
            {status()}
          </p>
        </div>
      </form>
    </section>
  )
}
