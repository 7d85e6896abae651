export default definePageConfig({
  navigationBarTitleText: '新建公海'
})
