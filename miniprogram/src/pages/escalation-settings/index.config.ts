export default definePageConfig({
  navigationBarTitleText: '升级提醒'
})
